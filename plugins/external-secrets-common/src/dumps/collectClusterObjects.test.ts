import {
  collectClusterObjects,
  collectClusterObjectsWithStats,
  compareApiVersionPriority,
  emptyClusterObjects,
  normaliseEvent,
} from './collectClusterObjects';
import { LAST_APPLIED_ANNOTATION } from '../kubernetes/stripObject';
import { parseKubernetesDocuments } from './parseKubernetesDocuments';
import { KubeObject } from '../types/kubernetes';

const obj = (apiVersion: string, kind: string, name: string, extra = {}) =>
  ({
    apiVersion,
    kind,
    metadata: { name, namespace: 'ns' },
    ...extra,
  } as KubeObject);

describe('collectClusterObjects', () => {
  it('sorts objects by group and kind, any ESO version', () => {
    const objects = collectClusterObjects([
      obj('external-secrets.io/v1', 'ExternalSecret', 'es1'),
      obj('external-secrets.io/v1beta1', 'ExternalSecret', 'es2'),
      obj('external-secrets.io/v1', 'ClusterExternalSecret', 'ces'),
      obj('external-secrets.io/v1', 'SecretStore', 'ss'),
      obj('external-secrets.io/v1beta1', 'ClusterSecretStore', 'css'),
      obj('v1', 'Secret', 's'),
      obj('v1', 'Pod', 'p'),
      obj('v1', 'Event', 'e'),
      obj('apps/v1', 'ReplicaSet', 'rs'),
      obj('apps/v1', 'Deployment', 'd'),
      obj('apps/v1', 'StatefulSet', 'sts'),
      obj('apps/v1', 'DaemonSet', 'ds'),
      obj('batch/v1', 'Job', 'j'),
      obj('batch/v1', 'CronJob', 'cj'),
    ]);
    const names = Object.fromEntries(
      Object.entries(objects).map(([key, list]) => [
        key,
        list.map((o: KubeObject) => o.metadata?.name),
      ]),
    );
    expect(names).toEqual({
      externalSecrets: ['es1', 'es2'],
      clusterExternalSecrets: ['ces'],
      secretStores: ['ss'],
      clusterSecretStores: ['css'],
      secrets: ['s'],
      pods: ['p'],
      replicaSets: ['rs'],
      deployments: ['d'],
      statefulSets: ['sts'],
      daemonSets: ['ds'],
      jobs: ['j'],
      cronJobs: ['cj'],
      events: ['e'],
    });
  });

  it('counts and skips other kinds, other groups and objects without kind', () => {
    const result = collectClusterObjectsWithStats([
      obj('v1', 'ConfigMap', 'cm'),
      obj('v1', 'ConfigMap', 'cm2'),
      obj('generators.external-secrets.io/v1alpha1', 'Password', 'pw'),
      obj('example.com/v1', 'Secret', 'not-core'),
      { SecretList: [] } as unknown as KubeObject,
    ]);
    expect(result.objects).toEqual(emptyClusterObjects());
    expect(result.skipped).toEqual({
      'v1 ConfigMap': 2,
      'generators.external-secrets.io/v1alpha1 Password': 1,
      'example.com/v1 Secret': 1,
      '(no kind)': 1,
    });
  });

  it('keeps the last of duplicated objects and counts them', () => {
    const result = collectClusterObjectsWithStats([
      obj('v1', 'Pod', 'p', { status: { phase: 'Pending' } }),
      obj('v1', 'Pod', 'q'),
      obj('v1', 'Pod', 'p', { status: { phase: 'Running' } }),
    ]);
    expect(result.duplicates).toBe(1);
    expect(
      result.objects.pods.map(p => [p.metadata?.name, p.status?.phase]),
    ).toEqual([
      ['p', 'Running'],
      ['q', undefined],
    ]);
  });

  it.each([
    ['v1beta1 then v1', ['v1beta1', 'v1']],
    ['v1 then v1beta1', ['v1', 'v1beta1']],
  ])(
    'reads an ExternalSecret dumped as v1 and v1beta1 as v1 (%s)',
    (_, versions) => {
      const result = collectClusterObjectsWithStats(
        versions.map(version =>
          obj(`external-secrets.io/${version}`, 'ExternalSecret', 'db', {
            spec: { version },
          }),
        ),
      );
      expect(result.duplicates).toBe(1);
      expect(result.duplicatesInOtherVersions).toBe(1);
      expect(
        result.objects.externalSecrets.map(es => [
          es.apiVersion,
          es.spec.version,
        ]),
      ).toEqual([['external-secrets.io/v1', 'v1']]);
    },
  );

  it('keeps the last copy among copies of the preferred version, and other objects apart', () => {
    const es = (version: string, name: string, copy: number) =>
      obj(`external-secrets.io/${version}`, 'ExternalSecret', name, {
        spec: { copy },
      });
    const result = collectClusterObjectsWithStats([
      es('v1', 'a', 1),
      es('v1beta1', 'a', 2),
      es('v1', 'a', 3),
      es('v1beta1', 'b', 4),
      es('v1beta1', 'b', 5),
      obj('external-secrets.io/v1beta1', 'SecretStore', 'a'),
      obj('external-secrets.io/v1', 'SecretStore', 'a'),
    ]);
    expect(
      result.objects.externalSecrets.map(o => [
        o.metadata?.name,
        o.apiVersion,
        o.spec.copy,
      ]),
    ).toEqual([
      ['a', 'external-secrets.io/v1', 3],
      ['b', 'external-secrets.io/v1beta1', 5],
    ]);
    expect(result.objects.secretStores.map(o => o.apiVersion)).toEqual([
      'external-secrets.io/v1',
    ]);
    expect(result.duplicates).toBe(4);
    expect(result.duplicatesInOtherVersions).toBe(2);
  });

  it('orders API versions as Kubernetes does', () => {
    const sorted = [
      'g/v1alpha1',
      'g/v2',
      'g/v1beta1',
      'g/foo',
      'g/v1',
      'g/v1beta2',
      'g/v2beta1',
    ].sort((a, b) => compareApiVersionPriority(b, a));
    expect(sorted).toEqual([
      'g/v2',
      'g/v1',
      'g/v2beta1',
      'g/v1beta2',
      'g/v1beta1',
      'g/v1alpha1',
      'g/foo',
    ]);
    expect(compareApiVersionPriority('v1', 'v1')).toBe(0);
    expect(compareApiVersionPriority('', 'x/y')).toBe(0);
  });

  it('keeps Secret metadata only', () => {
    const secret = obj('v1', 'Secret', 's', {
      type: 'Opaque',
      data: { password: 'aHVudGVyMg==' },
      stringData: { token: 'plain' },
      extra: 'dropped',
    });
    secret.metadata!.annotations = {
      [LAST_APPLIED_ANNOTATION]: '{"data":{"password":"aHVudGVyMg=="}}',
      'reconcile.external-secrets.io/data-hash': 'abc',
    };
    expect(collectClusterObjects([secret]).secrets[0]).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 's',
        namespace: 'ns',
        annotations: { 'reconcile.external-secrets.io/data-hash': 'abc' },
      },
    });
    // the input is not modified
    expect(secret.data).toEqual({ password: 'aHVudGVyMg==' });
  });

  it('never lets a value of a dumped Secret through', () => {
    const dump = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Secret
  type: Opaque
  metadata:
    name: db
    namespace: shop
    annotations:
      ${LAST_APPLIED_ANNOTATION}: |
        {"apiVersion":"v1","kind":"Secret","stringData":{"password":"S3cr3t-Value-In-Annotation"}}
    managedFields:
    - manager: externalsecrets.external-secrets.io/db
      operation: Apply
      time: "2026-11-23T11:00:00Z"
      fieldsType: FieldsV1
      fieldsV1:
        f:data:
          f:password: {}
  data:
    password: UzNjcjN0LVZhbHVlLUluLURhdGE=
  stringData:
    token: S3cr3t-Value-In-StringData
`;
    const result = collectClusterObjectsWithStats(
      parseKubernetesDocuments(dump),
    );
    const text = JSON.stringify(result);
    expect(result.objects.secrets).toHaveLength(1);
    expect(text).not.toContain('UzNjcjN0LVZhbHVlLUluLURhdGE=');
    expect(text).not.toContain('S3cr3t-Value-In-StringData');
    expect(text).not.toContain('S3cr3t-Value-In-Annotation');
    expect(text).not.toContain('S3cr3t');
    // the manager entry (key names only) stays: it is the change-time evidence
    expect(result.objects.secrets[0].metadata?.managedFields?.[0].time).toBe(
      '2026-11-23T11:00:00Z',
    );
    expect(result.secretsWithoutManagedFields).toBe(0);
  });

  it('counts Secrets without managedFields', () => {
    const result = collectClusterObjectsWithStats([
      obj('v1', 'Secret', 'a'),
      obj('v1', 'Secret', 'b', {
        metadata: { name: 'b', managedFields: [{ manager: 'kubectl' }] },
      }),
    ]);
    expect(result.secretsWithoutManagedFields).toBe(1);
  });

  it('drops the last-applied annotation from other kinds without mutating them', () => {
    const deployment = obj('apps/v1', 'Deployment', 'd');
    deployment.metadata!.annotations = {
      [LAST_APPLIED_ANNOTATION]: '{}',
      'reloader.stakater.com/auto': 'true',
    };
    const [out] = collectClusterObjects([deployment]).deployments;
    expect(out.metadata?.annotations).toEqual({
      'reloader.stakater.com/auto': 'true',
    });
    expect(deployment.metadata?.annotations?.[LAST_APPLIED_ANNOTATION]).toBe(
      '{}',
    );
  });

  it('normalises events.k8s.io/v1 Events to the core shape', () => {
    const event = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'es.1', namespace: 'ledger' },
      regarding: {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        name: 'es',
        namespace: 'ledger',
      },
      note: 'AccessDeniedException',
      reason: 'UpdateFailed',
      type: 'Warning',
      eventTime: null,
      deprecatedLastTimestamp: '2026-11-23T11:58:00Z',
      deprecatedFirstTimestamp: '2026-11-23T11:30:00Z',
      deprecatedCount: 12,
      reportingController: 'external-secrets',
    } as KubeObject;
    const [out] = collectClusterObjects([event]).events;
    expect(out).toEqual({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'es.1', namespace: 'ledger' },
      involvedObject: event.regarding,
      message: 'AccessDeniedException',
      reason: 'UpdateFailed',
      type: 'Warning',
      reportingComponent: 'external-secrets',
      firstTimestamp: '2026-11-23T11:30:00Z',
      lastTimestamp: '2026-11-23T11:58:00Z',
      eventTime: null,
      count: 12,
    });
    expect(
      normaliseEvent({
        ...event,
        deprecatedLastTimestamp: undefined,
        eventTime: '2026-11-23T11:59:00.000000Z',
      }).lastTimestamp,
    ).toBe('2026-11-23T11:59:00.000000Z');
    expect(
      normaliseEvent({
        ...event,
        deprecatedLastTimestamp: undefined,
        series: { count: 3, lastObservedTime: '2026-11-23T11:59:30.000000Z' },
      }).lastTimestamp,
    ).toBe('2026-11-23T11:59:30.000000Z');
    const core = obj('v1', 'Event', 'e');
    expect(normaliseEvent(core)).toBe(core);
  });
});
