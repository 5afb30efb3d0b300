import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterState,
  DriftThresholds,
  evaluateCluster,
  EvaluatedExternalSecret,
  KUBERNETES_ID_LABEL,
  ProviderMetadata,
  ProviderState,
} from '@eso-health/plugin-external-secrets-common';
import { ClusterSet, ClusterSource } from '../sources/types';
import { ProviderMetadataSource } from '../providers/types';
import { ChangeTracker } from '../history/ChangeTracker';

const nameKey = (cluster: string, namespace: string, name: string) =>
  `${cluster}/${namespace}/${name}`;

export interface ExternalSecretsIndexOptions {
  clusters: ClusterSet;
  providers: ProviderMetadataSource[];
  thresholds: DriftThresholds;
  tracker?: ChangeTracker;
  logger: LoggerService;
  clock?: () => Date;
  /**
   * Least delay that coalesces bursts of watch events into one evaluation; the delay grows to
   * twice the last evaluation's duration so a large, busy cluster never keeps a core busy.
   */
  debounceMs?: number;
}

/**
 * The in-memory answer to every request: the latest evaluation of each cluster, re-computed
 * when a source changes (debounced) and on a timer (time-based rules move with the clock).
 */
export class ExternalSecretsIndex {
  private readonly options: ExternalSecretsIndexOptions;
  private readonly results = new Map<string, EvaluatedExternalSecret[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastDurationMs = new Map<string, number>();
  private readonly unsubscribes: Array<() => void> = [];
  /** Per watched cluster, how to stop listening to it. */
  private readonly subscriptions = new Map<ClusterSource, () => void>();
  private byKubernetesId = new Map<string, EvaluatedExternalSecret[]>();
  private everything: EvaluatedExternalSecret[] = [];
  private byName = new Map<string, EvaluatedExternalSecret>();
  private version = 0;

  constructor(options: ExternalSecretsIndexOptions) {
    this.options = options;
  }

  /** Subscribes to the sources and evaluates everything once. */
  start(): void {
    this.unsubscribes.push(
      this.options.clusters.onChange(() => this.followClusters()),
    );
    for (const provider of this.options.providers) {
      this.unsubscribes.push(provider.onChange(() => this.evaluateAll()));
    }
    this.followClusters();
    this.evaluateAll();
  }

  stop(): void {
    this.unsubscribes.splice(0).forEach(unsubscribe => unsubscribe());
    this.subscriptions.forEach(unsubscribe => unsubscribe());
    this.subscriptions.clear();
    this.timers.forEach(timer => clearTimeout(timer));
    this.timers.clear();
  }

  evaluateAll(): void {
    for (const cluster of this.options.clusters.list()) this.evaluate(cluster);
  }

  /** Increases whenever results change; lets callers cache derived views. */
  getVersion(): number {
    return this.version;
  }

  all(): EvaluatedExternalSecret[] {
    return this.everything;
  }

  /** ExternalSecrets claimed through the `backstage.io/kubernetes-id` label (the common, fast path). */
  withKubernetesId(id: string): EvaluatedExternalSecret[] {
    return this.byKubernetesId.get(id) ?? [];
  }

  find(
    cluster: string,
    namespace: string,
    name: string,
  ): EvaluatedExternalSecret | undefined {
    return this.byName.get(nameKey(cluster, namespace, name));
  }

  cluster(name: string): ClusterSource | undefined {
    return this.options.clusters.get(name);
  }

  clusterStates(): ClusterState[] {
    return this.options.clusters.list().map(c => c.state());
  }

  providerStates(): ProviderState[] {
    return this.options.providers.flatMap(p => p.states());
  }

  /** Listens to clusters that appeared and forgets those that are gone (with their results). */
  private followClusters(): void {
    const current = new Set(this.options.clusters.list());
    let removed = false;
    for (const [source, unsubscribe] of this.subscriptions) {
      if (current.has(source)) continue;
      unsubscribe();
      this.subscriptions.delete(source);
      clearTimeout(this.timers.get(source.name));
      this.timers.delete(source.name);
      if (this.options.clusters.get(source.name) === undefined) {
        removed = this.results.delete(source.name) || removed;
      }
    }
    for (const source of current) {
      if (this.subscriptions.has(source)) continue;
      this.subscriptions.set(
        source,
        source.onChange(() => this.schedule(source.name)),
      );
      this.schedule(source.name);
    }
    if (removed) this.rebuild();
  }

  private schedule(clusterName: string): void {
    clearTimeout(this.timers.get(clusterName));
    this.timers.set(
      clusterName,
      setTimeout(() => {
        this.timers.delete(clusterName);
        const cluster = this.cluster(clusterName);
        if (cluster) this.evaluate(cluster);
      }, Math.max(this.options.debounceMs ?? 250, 2 * (this.lastDurationMs.get(clusterName) ?? 0))),
    );
  }

  private providerMetadata(): ProviderMetadata {
    return Object.assign({}, ...this.options.providers.map(p => p.metadata()));
  }

  private evaluate(cluster: ClusterSource): void {
    const now = (this.options.clock ?? (() => new Date()))();
    const tracker =
      cluster.tracksHistory === false ? undefined : this.options.tracker;
    const started = Date.now();
    try {
      const objects = cluster.objects();
      const observedSecretChanges = tracker?.observeSecrets(
        cluster.name,
        objects.secrets,
        now,
      );
      const observedEsoWrites =
        cluster.secrets === 'none'
          ? tracker?.observedEsoWrites(cluster.name)
          : undefined;
      const results = evaluateCluster({
        cluster: cluster.name,
        objects,
        provider: this.providerMetadata(),
        observedSecretChanges,
        secrets: cluster.secrets,
        observedEsoWrites,
        unreadableKinds: cluster.unreadableKinds?.(),
        now,
        thresholds: this.options.thresholds,
      });
      this.results.set(cluster.name, results);
      tracker?.recordEvaluation(cluster.name, results, now);
      this.rebuild();
      this.lastDurationMs.set(cluster.name, Date.now() - started);
    } catch (error) {
      // The engine is written never to throw on bad input; if it does, keep the previous answer.
      this.options.logger.error(
        `Evaluating cluster ${cluster.name} failed; keeping the previous results: ${error}`,
      );
    }
  }

  private rebuild(): void {
    const byId = new Map<string, EvaluatedExternalSecret[]>();
    const everything: EvaluatedExternalSecret[] = [];
    const byName = new Map<string, EvaluatedExternalSecret>();
    for (const results of this.results.values()) {
      for (const evaluated of results) {
        everything.push(evaluated);
        const { cluster, namespace, name } = evaluated.status;
        byName.set(nameKey(cluster, namespace, name), evaluated);
        const ids = new Set(
          evaluated.claim.labelSets
            .map(labels => labels[KUBERNETES_ID_LABEL])
            .filter(Boolean),
        );
        for (const id of ids) {
          const list = byId.get(id) ?? [];
          list.push(evaluated);
          byId.set(id, list);
        }
      }
    }
    this.byKubernetesId = byId;
    this.everything = everything;
    this.byName = byName;
    this.version++;
  }
}
