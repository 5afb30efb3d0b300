// Evaluation cost per watch event, in this process, on one simulated cluster built by the same
// generator (objects stripped as the backend strips them):
//   before  the whole cluster evaluated again (evaluateCluster), as the backend once did per event;
//   after   one ClusterModel built once, then per event `model.upsert('pods', changedPod)` and
//           evaluateExternalSecret for the keys it returns.
// Uses only the public exports of @eso-health/plugin-external-secrets-common.
import {
  ClusterModel,
  ClusterObjectKind,
  DEFAULT_THRESHOLDS,
  emptyClusterObjects,
  evaluateCluster,
  evaluateExternalSecret,
  evaluationContext,
  KubeObject,
  stripObject,
} from '@eso-health/plugin-external-secrets-common';
import {
  clusterSecretStore,
  deployment,
  externalSecret,
  failingIndexes,
  pod,
  PODS_PER_DEPLOYMENT,
  replicaSet,
  secret,
  warningEvent,
} from './generator';
import { median } from './stats';

export interface EvaluationTiming {
  externalSecrets: number;
  objects: number;
  /** Median ms of evaluateCluster over the whole cluster, and how many runs. */
  beforeMs: number;
  beforeRuns: number;
  /** ms of `new ClusterModel(objects)`, once. */
  modelBuildMs: number;
  /** Median ms per event of upsert + evaluating the affected keys, and how many events. */
  afterMs: number;
  afterRuns: number;
  /** ExternalSecrets evaluated per event (median). */
  affectedPerEvent: number;
}

function timed(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** One cluster of `count` ExternalSecrets, as the backend holds it after stripping. */
function buildObjects(count: number, now: number) {
  const ctx = { cluster: 0, now };
  const objects = emptyClusterObjects();
  const add = (kind: ClusterObjectKind, object: any) =>
    objects[kind].push(stripObject(kind, object as KubeObject));
  add('clusterSecretStores', clusterSecretStore(ctx));
  for (let j = 0; j < count; j++) {
    add('externalSecrets', externalSecret(ctx, j));
    add('secrets', secret(ctx, j));
    add('deployments', deployment(ctx, j));
    add('replicaSets', replicaSet(ctx, j));
    for (let r = 0; r < PODS_PER_DEPLOYMENT; r++) add('pods', pod(ctx, j, r));
  }
  for (const j of failingIndexes(count)) add('events', warningEvent(ctx, j));
  return { ctx, objects };
}

export function measureEvaluation(
  count: number,
  options: { events?: number; budgetMs?: number } = {},
): EvaluationTiming {
  const events = options.events ?? 50;
  // evaluateCluster at 5,000 ExternalSecrets takes a while: stop early rather than run forever.
  const budgetMs = options.budgetMs ?? 60_000;
  const now = new Date();
  const { ctx, objects } = buildObjects(count, now.getTime());
  const total = Object.values(objects).reduce((n, list) => n + list.length, 0);
  const input = { cluster: 'c0', now, thresholds: DEFAULT_THRESHOLDS };

  evaluateCluster({ ...input, objects }); // warm-up
  const before: number[] = [];
  const beforeDeadline = Date.now() + budgetMs;
  for (let i = 0; i < events && Date.now() < beforeDeadline; i++) {
    before.push(timed(() => evaluateCluster({ ...input, objects })));
  }

  let model!: ClusterModel;
  const modelBuildMs = timed(() => {
    model = new ClusterModel(objects);
  });
  const context = evaluationContext(input);
  const after: number[] = [];
  const affected: number[] = [];
  // Pods of ExternalSecrets spread over the cluster restart, one event each.
  const changedPod = (i: number) => {
    const j = (i * 7919 + 11) % count;
    return stripObject(
      'pods',
      pod(ctx, j, i % PODS_PER_DEPLOYMENT, {
        podsStartedAt: now.getTime() + i * 1000,
        restarts: i + 1,
      }) as KubeObject,
    );
  };
  // Warm-up on an event not counted.
  for (const key of model.upsert('pods', changedPod(events)))
    evaluateExternalSecret(model.externalSecret(key)!, model, context);
  for (let i = 0; i < events; i++) {
    const object = changedPod(i);
    let keys = 0;
    after.push(
      timed(() => {
        for (const key of model.upsert('pods', object)) {
          const view = model.externalSecret(key);
          if (view) evaluateExternalSecret(view, model, context);
          keys++;
        }
      }),
    );
    affected.push(keys);
  }
  return {
    externalSecrets: count,
    objects: total,
    beforeMs: median(before),
    beforeRuns: before.length,
    modelBuildMs,
    afterMs: median(after),
    afterRuns: after.length,
    affectedPerEvent: median(affected),
  };
}
