import { KubeObject } from '../types/kubernetes';
import { OwnerLookup, workloadOwner } from './workloadOwner';

const ns = 'shop';
const obj = (
  kind: string,
  name: string,
  owner?: { kind: string; name: string },
): KubeObject => ({
  kind,
  metadata: {
    name,
    namespace: ns,
    labels: { app: name },
    ownerReferences: owner
      ? [{ apiVersion: 'apps/v1', ...owner, controller: true }]
      : undefined,
  },
});

const lookupOf =
  (...objects: KubeObject[]): OwnerLookup =>
  (kind, namespace, name) =>
    objects.find(
      o =>
        o.kind === kind &&
        o.metadata?.namespace === namespace &&
        o.metadata?.name === name,
    );

const deployment = obj('Deployment', 'api');
const replicaSet = obj('ReplicaSet', 'api-7d9f', {
  kind: 'Deployment',
  name: 'api',
});
const cronJob = obj('CronJob', 'nightly');
const job = obj('Job', 'nightly-123', { kind: 'CronJob', name: 'nightly' });
/** A Pod of the Deployment's ReplicaSet. */
const apiPod = obj('Pod', 'api-7d9f-x1', {
  kind: 'ReplicaSet',
  name: 'api-7d9f',
});

/** What workloadOwner returns for a workload it found (or only named: object undefined). */
const resolved = (kind: string, name: string, object?: KubeObject) => ({
  kind,
  name,
  namespace: ns,
  object,
});

describe('workloadOwner', () => {
  it('follows Pod → ReplicaSet → Deployment', () => {
    expect(workloadOwner(apiPod, lookupOf(deployment, replicaSet))).toEqual(
      resolved('Deployment', 'api', deployment),
    );
  });

  it('names the Deployment even when its object is missing', () => {
    expect(workloadOwner(apiPod, lookupOf(replicaSet))).toEqual(
      resolved('Deployment', 'api'),
    );
  });

  it('falls back to the ReplicaSet reference when the ReplicaSet is missing', () => {
    expect(workloadOwner(apiPod, lookupOf())).toMatchObject({
      kind: 'ReplicaSet',
      name: 'api-7d9f',
    });
  });

  it('keeps a ReplicaSet owned by nothing', () => {
    const bare = obj('ReplicaSet', 'lonely');
    const pod = obj('Pod', 'lonely-x', { kind: 'ReplicaSet', name: 'lonely' });
    expect(workloadOwner(pod, lookupOf(bare))).toEqual(
      resolved('ReplicaSet', 'lonely', bare),
    );
  });

  it('reports the unknown controller of a ReplicaSet (e.g. an Argo Rollout)', () => {
    const rs = obj('ReplicaSet', 'web-abc', { kind: 'Rollout', name: 'web' });
    const pod = obj('Pod', 'web-abc-1', {
      kind: 'ReplicaSet',
      name: 'web-abc',
    });
    expect(workloadOwner(pod, lookupOf(rs))).toMatchObject({
      kind: 'ReplicaSet',
      name: 'web-abc',
      controller: { kind: 'Rollout', name: 'web' },
    });
  });

  it('follows Pod → Job → CronJob', () => {
    const pod = obj('Pod', 'nightly-123-abc', {
      kind: 'Job',
      name: 'nightly-123',
    });
    expect(workloadOwner(pod, lookupOf(job, cronJob))).toEqual(
      resolved('CronJob', 'nightly', cronJob),
    );
  });

  it('falls back to the Job reference when the Job is missing, and keeps a bare Job', () => {
    const pod = obj('Pod', 'once-abc', { kind: 'Job', name: 'once' });
    expect(workloadOwner(pod, lookupOf())).toMatchObject({
      kind: 'Job',
      name: 'once',
    });
    const once = obj('Job', 'once');
    expect(workloadOwner(pod, lookupOf(once))).toMatchObject({
      kind: 'Job',
      object: once,
    });
  });

  it.each(['StatefulSet', 'DaemonSet'])('names a %s owner directly', kind => {
    const owner = obj(kind, 'db');
    const pod = obj('Pod', 'db-0', { kind, name: 'db' });
    expect(workloadOwner(pod, lookupOf(owner))).toEqual(
      resolved(kind, 'db', owner),
    );
    expect(workloadOwner(pod, lookupOf())).toEqual(resolved(kind, 'db'));
  });

  it('returns the bare Pod itself', () => {
    const pod = obj('Pod', 'debug');
    expect(workloadOwner(pod, lookupOf())).toEqual(
      resolved('Pod', 'debug', pod),
    );
  });

  it('keeps a Pod controlled by an unknown kind as a Pod with its controller', () => {
    const pod = obj('Pod', 'node-exporter', { kind: 'Node', name: 'node-1' });
    expect(workloadOwner(pod, lookupOf())).toMatchObject({
      kind: 'Pod',
      name: 'node-exporter',
      controller: { kind: 'Node', name: 'node-1' },
    });
  });

  it('prefers the controller reference over others', () => {
    const pod: KubeObject = {
      metadata: {
        name: 'p',
        namespace: ns,
        ownerReferences: [
          { kind: 'ConfigMap', name: 'c' },
          { kind: 'StatefulSet', name: 'db', controller: true },
        ],
      },
    };
    expect(workloadOwner(pod, lookupOf())).toMatchObject({
      kind: 'StatefulSet',
      name: 'db',
    });
  });

  it('ignores malformed owner references', () => {
    const pod = {
      metadata: {
        name: 'p',
        namespace: ns,
        ownerReferences: [null, { kind: 'ReplicaSet' }, 'x'],
      },
    };
    expect(workloadOwner(pod, lookupOf())).toMatchObject({
      kind: 'Pod',
      name: 'p',
    });
  });

  it.each([
    null,
    'pod',
    { metadata: { name: 'p' } },
    { metadata: { namespace: ns } },
  ])('returns undefined for a pod without name or namespace: %j', pod => {
    expect(workloadOwner(pod, lookupOf())).toBeUndefined();
  });
});
