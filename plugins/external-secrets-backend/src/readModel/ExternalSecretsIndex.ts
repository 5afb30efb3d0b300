import {
  claimKubernetesIds,
  ClusterState,
  EvaluatedExternalSecret,
  ProviderState,
} from '@eso-health/plugin-external-secrets-common';
import { isDeepStrictEqual } from 'node:util';
import { EvaluationUpdate } from '../evaluation/ClusterEvaluator';
import { ProviderMetadataSource } from '../providers/types';
import { ListenerSet } from '../lib/ListenerSet';
import { ClusterSet } from '../sources/types';

const nameKey = (cluster: string, namespace: string, name: string) =>
  `${cluster}/${namespace}/${name}`;

/**
 * The in-memory answer to every request: the latest evaluation of each ExternalSecret, kept up
 * to date from evaluation updates one ExternalSecret at a time (no pass over everything), by
 * `<cluster>/<namespace>/<name>` and by `backstage.io/kubernetes-id`, so a report is a lookup.
 * The list of everything (for the overview) is built once per change, when first asked for.
 */
export class ExternalSecretsIndex {
  private readonly byName = new Map<string, EvaluatedExternalSecret>();
  private readonly byKubernetesId = new Map<
    string,
    Map<string, EvaluatedExternalSecret>
  >();
  private everything?: EvaluatedExternalSecret[];
  private version = 0;
  private readonly changes = new ListenerSet<number>();

  constructor(
    private readonly options: {
      clusters: ClusterSet;
      providers: ProviderMetadataSource[];
    },
  ) {}

  /**
   * Takes one evaluation step's results. A full pass re-evaluates everything; only results
   * that differ from the ones held count as a change (version, listeners).
   */
  apply(update: EvaluationUpdate): void {
    let changed = false;
    for (const evaluated of update.results) {
      const { cluster, namespace, name } = evaluated.status;
      const key = nameKey(cluster, namespace, name);
      if (isDeepStrictEqual(this.byName.get(key), evaluated)) continue;
      this.put(key, evaluated);
      changed = true;
    }
    for (const key of update.removed) {
      const full = `${update.cluster}/${key}`;
      if (!this.byName.has(full)) continue;
      this.put(full);
      changed = true;
    }
    if (changed) this.changed();
  }

  /** Called with the new version whenever what a report or the overview shows changed. */
  onChange(listener: (version: number) => void): () => void {
    return this.changes.add(
      version => version !== undefined && listener(version),
    );
  }

  /** Forgets a cluster that is no longer watched. */
  dropCluster(cluster: string): void {
    const prefix = `${cluster}/`;
    let dropped = false;
    for (const key of [...this.byName.keys()]) {
      if (key.startsWith(prefix)) {
        this.put(key);
        dropped = true;
      }
    }
    if (dropped) this.changed();
  }

  /** Increases whenever results change; lets callers cache derived views. */
  getVersion(): number {
    return this.version;
  }

  all(): EvaluatedExternalSecret[] {
    this.everything ??= [...this.byName.values()];
    return this.everything;
  }

  /** ExternalSecrets claimed through the `backstage.io/kubernetes-id` label (the common, fast path). */
  withKubernetesId(id: string): EvaluatedExternalSecret[] {
    return [...(this.byKubernetesId.get(id)?.values() ?? [])];
  }

  find(
    cluster: string,
    namespace: string,
    name: string,
  ): EvaluatedExternalSecret | undefined {
    return this.byName.get(nameKey(cluster, namespace, name));
  }

  clusterStates(): ClusterState[] {
    return this.options.clusters.list().map(c => c.state());
  }

  providerStates(): ProviderState[] {
    return this.options.providers.flatMap(p => p.states());
  }

  private put(key: string, evaluated?: EvaluatedExternalSecret): void {
    const previous = this.byName.get(key);
    if (previous) {
      for (const id of claimKubernetesIds(previous.claim)) {
        const entries = this.byKubernetesId.get(id);
        entries?.delete(key);
        if (entries?.size === 0) this.byKubernetesId.delete(id);
      }
    }
    if (!evaluated) {
      this.byName.delete(key);
      return;
    }
    this.byName.set(key, evaluated);
    for (const id of claimKubernetesIds(evaluated.claim)) {
      let entries = this.byKubernetesId.get(id);
      if (!entries) this.byKubernetesId.set(id, (entries = new Map()));
      entries.set(key, evaluated);
    }
  }

  private changed(): void {
    this.everything = undefined;
    this.version++;
    this.changes.notify(this.version);
  }
}
