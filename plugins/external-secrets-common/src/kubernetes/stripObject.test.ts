import { stripObject } from './stripObject';

describe('stripObject', () => {
  it('keeps only metadata of a Secret, with managedFields, without the last-applied annotation', () => {
    const secret: any = {
      kind: 'Secret',
      type: 'Opaque',
      metadata: {
        name: 'db',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration':
            '{"data":{"pw":"c2VjcmV0"}}',
          keep: 'yes',
        },
        managedFields: [
          {
            manager: 'external-secrets',
            operation: 'Update',
            time: '2026-11-23T11:00:00Z',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:data': { 'f:pw': {} } },
          },
        ],
      },
      data: { pw: 'c2VjcmV0' },
      stringData: { pw: 'secret' },
    };
    const result = stripObject('secrets', secret, 'v1', 'Secret');
    expect(result).toBe(secret); // in place: no second copy is held
    expect(result).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'db',
        annotations: { keep: 'yes' },
        // Who wrote it, how and when; not which fields (fieldsV1 is large and unread).
        managedFields: [
          {
            manager: 'external-secrets',
            operation: 'Update',
            time: '2026-11-23T11:00:00Z',
          },
        ],
      },
    });
  });

  it('turns a PartialObjectMetadata into a Secret', () => {
    const partial = {
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { name: 'db' },
    };
    expect(stripObject('secrets', partial, 'v1', 'Secret')).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
    });
  });

  it('reduces a pod to what the engine reads', () => {
    const pod: any = {
      metadata: {
        name: 'p',
        labels: { app: 'a' },
        ownerReferences: [{ kind: 'ReplicaSet', name: 'rs' }],
        managedFields: [{}],
      },
      spec: {
        nodeName: 'n1',
        serviceAccountName: 'sa',
        tolerations: [{ key: 'x' }],
        affinity: {},
        containers: [
          {
            name: 'c',
            image: 'img',
            command: ['run'],
            resources: { limits: {} },
            env: [
              { name: 'PLAIN', value: 'not kept' },
              {
                name: 'PW',
                valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } },
              },
            ],
            envFrom: [{ secretRef: { name: 'db' } }],
            volumeMounts: [{ name: 'v', mountPath: '/v', subPath: 'x' }],
            livenessProbe: {},
          },
        ],
        initContainers: [{ name: 'init', env: [{ name: 'A', value: 'b' }] }],
        volumes: [{ name: 'v', secret: { secretName: 'db' } }],
      },
      status: {
        phase: 'Running',
        startTime: 't0',
        podIP: '10.0.0.1',
        containerStatuses: [
          {
            name: 'c',
            ready: true,
            restartCount: 1,
            state: { running: { startedAt: 't1' } },
            imageID: 'sha',
            lastState: {},
          },
        ],
      },
    };
    stripObject('pods', pod, 'v1', 'Pod');
    expect(pod).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'p',
        labels: { app: 'a' },
        ownerReferences: [{ kind: 'ReplicaSet', name: 'rs' }],
      },
      spec: {
        nodeName: 'n1',
        serviceAccountName: 'sa',
        containers: [
          {
            name: 'c',
            image: 'img',
            env: [
              { name: 'PLAIN' },
              {
                name: 'PW',
                valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } },
              },
            ],
            envFrom: [{ secretRef: { name: 'db' } }],
            volumeMounts: [{ name: 'v', mountPath: '/v', subPath: 'x' }],
          },
        ],
        initContainers: [{ name: 'init', env: [{ name: 'A' }] }],
        volumes: [{ name: 'v', secret: { secretName: 'db' } }],
      },
      status: {
        phase: 'Running',
        startTime: 't0',
        conditions: undefined,
        containerStatuses: [
          {
            name: 'c',
            ready: true,
            started: undefined,
            restartCount: 1,
            state: { running: { startedAt: 't1' } },
          },
        ],
      },
    });
  });

  it("drops a workload's pod template spec but keeps its metadata and annotations", () => {
    const deployment: any = {
      metadata: {
        name: 'api',
        annotations: { 'reloader.stakater.com/auto': 'true' },
        managedFields: [{}],
      },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'api' } },
        template: {
          metadata: { labels: { app: 'api' } },
          spec: { containers: [{ name: 'c' }] },
        },
      },
      status: { replicas: 2 },
    };
    stripObject('deployments', deployment, 'apps/v1', 'Deployment');
    expect(deployment).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'api',
        annotations: { 'reloader.stakater.com/auto': 'true' },
      },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'api' } },
        template: { metadata: { labels: { app: 'api' } } },
      },
      status: { replicas: 2 },
    });

    const cronJob: any = {
      metadata: { name: 'backup' },
      spec: {
        schedule: '@daily',
        jobTemplate: {
          metadata: { labels: { a: 'b' } },
          spec: {
            template: {
              metadata: { labels: { c: 'd' } },
              spec: { containers: [] },
            },
          },
        },
      },
    };
    stripObject('cronJobs', cronJob, 'batch/v1', 'CronJob');
    expect(cronJob.spec).toEqual({
      schedule: '@daily',
      jobTemplate: {
        metadata: { labels: { a: 'b' } },
        spec: { template: { metadata: { labels: { c: 'd' } } } },
      },
    });
  });

  it('keeps ESO objects whole except managedFields and the last-applied annotation', () => {
    const es: any = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: {
        name: 'db',
        managedFields: [{}],
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
        },
      },
      spec: { refreshInterval: '1h' },
      status: { refreshTime: 't' },
    };
    stripObject(
      'externalSecrets',
      es,
      'external-secrets.io/v1',
      'ExternalSecret',
    );
    expect(es).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'db', annotations: {} },
      spec: { refreshInterval: '1h' },
      status: { refreshTime: 't' },
    });
  });
});
