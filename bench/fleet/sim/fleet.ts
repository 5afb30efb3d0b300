// Fills a cluster store from the generator, and applies the changes the driver pushes through
// the control endpoint (a controller writing an object), returning the watch events they cause.
import { randomBytes } from 'node:crypto';
import {
  ClusterContext,
  clusterSecretStore,
  deployment,
  externalSecret,
  failingIndexes,
  NAMESPACES,
  namespace,
  Overrides,
  pod,
  PODS_PER_DEPLOYMENT,
  replicaSet,
  secret,
  warningEvent,
} from '../generator';
import { ClusterStore, HistoryEntry } from './clusterStore';
import { ESO_GROUP, findResource, ResourceDef } from './resources';

const def = (group: string, version: string, plural: string): ResourceDef =>
  findResource(group, version, plural)!;
const DEFS = {
  externalSecrets: def(ESO_GROUP, 'v1', 'externalsecrets'),
  clusterSecretStores: def(ESO_GROUP, 'v1', 'clustersecretstores'),
  secrets: def('', 'v1', 'secrets'),
  pods: def('', 'v1', 'pods'),
  events: def('', 'v1', 'events'),
  namespaces: def('', 'v1', 'namespaces'),
  deployments: def('apps', 'v1', 'deployments'),
  replicaSets: def('apps', 'v1', 'replicasets'),
};

/** One cluster's simulated state: its objects plus the changes pushed so far. */
export class SimulatedCluster {
  readonly store: ClusterStore;
  readonly context: ClusterContext;
  /** Changes applied on top of the generated baseline, by ExternalSecret index. */
  private readonly overrides = new Map<number, Overrides>();
  /** Per-cluster API latency (ms); undefined: the server-wide setting. */
  latencyMs?: number;

  constructor(index: number, readonly count: number, now: number) {
    this.store = new ClusterStore(index);
    this.context = { cluster: index, now };
  }

  /** Generates and serialises every object (synchronously: callers yield between clusters). */
  generate(): void {
    const { store, context: ctx } = this;
    for (let n = 0; n < NAMESPACES; n++)
      store.load(DEFS.namespaces, namespace(ctx, n));
    store.load(DEFS.clusterSecretStores, clusterSecretStore(ctx));
    for (let j = 0; j < this.count; j++) {
      store.load(DEFS.externalSecrets, externalSecret(ctx, j));
      store.load(DEFS.secrets, secret(ctx, j));
      store.load(DEFS.deployments, deployment(ctx, j));
      store.load(DEFS.replicaSets, replicaSet(ctx, j));
      for (let r = 0; r < PODS_PER_DEPLOYMENT; r++)
        store.load(DEFS.pods, pod(ctx, j, r));
    }
    for (const j of failingIndexes(this.count))
      store.load(DEFS.events, warningEvent(ctx, j));
  }

  /**
   * Applies one change to ExternalSecret `index`'s objects, as its controller would write it:
   * - `secret-data`: ESO wrote new data (managedFields time now, a new data-hash);
   * - `pod-restart`: the deployment's pods restarted (new container start time);
   * - `es-status`: ESO synced the ExternalSecret (refreshTime now; Ready as given).
   */
  apply(change: {
    kind: string;
    index: number;
    ready?: boolean;
  }): HistoryEntry[] {
    const { index: j } = change;
    if (!Number.isInteger(j) || j < 0 || j >= this.count)
      throw new Error(
        `no ExternalSecret ${j} in cluster ${this.context.cluster}`,
      );
    const o = { ...this.overrides.get(j) };
    const now = Date.now();
    const written: HistoryEntry[] = [];
    const ctx = this.context;
    switch (change.kind) {
      case 'secret-data':
        o.secretWrittenAt = now;
        o.dataHash = randomBytes(16).toString('hex');
        this.overrides.set(j, o);
        written.push(this.store.write(DEFS.secrets, secret(ctx, j, o)));
        break;
      case 'pod-restart':
        o.podsStartedAt = now;
        o.restarts = (o.restarts ?? 0) + 1;
        this.overrides.set(j, o);
        for (let r = 0; r < PODS_PER_DEPLOYMENT; r++)
          written.push(this.store.write(DEFS.pods, pod(ctx, j, r, o)));
        break;
      case 'es-status':
        o.refreshedAt = now;
        o.ready = change.ready ?? true;
        this.overrides.set(j, o);
        written.push(
          this.store.write(DEFS.externalSecrets, externalSecret(ctx, j, o)),
        );
        break;
      default:
        throw new Error(
          `unknown change '${change.kind}' (secret-data, pod-restart, es-status)`,
        );
    }
    return written;
  }
}
