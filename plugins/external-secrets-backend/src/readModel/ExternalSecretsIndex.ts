import {
  ClusterState,
  EvaluatedExternalSecret,
  KUBERNETES_ID_LABEL,
  ProviderState,
} from '@eso-health/plugin-external-secrets-common';
import { EvaluationUpdate } from '../evaluation/ClusterEvaluator';
import { ProviderMetadataSource } from '../providers/types';
import { ClusterSet } from '../sources/types';

const nameKey = (cluster: string, namespace: string, name: string) =>
  `${cluster}/${namespace}/${name}`;

/** The `backstage.io/kubernetes-id` values through which an ExternalSecret can be claimed. */
function kubernetesIds(evaluated: EvaluatedExternalSecret): Set<string> {
  const ids = new Set<string>();
  for (const labels of evaluated.claim.labelSets) {
    const id = labels[KUBERNETES_ID_LABEL];
    if (id) ids.add(id);
  }
  return ids;
}

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

  constructor(
    private readonly options: {
      clusters: ClusterSet;
      providers: ProviderMetadataSource[];
    },
  ) {}

  /** Takes one evaluation step's results. */
  apply(update: EvaluationUpdate): void {
    for (const evaluated of update.results) {
      const { cluster, namespace, name } = evaluated.status;
      this.put(nameKey(cluster, namespace, name), evaluated);
    }
    for (const key of update.removed) this.put(`${update.cluster}/${key}`);
    if (update.results.length || update.removed.length) this.changed();
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
      for (const id of kubernetesIds(previous)) {
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
    for (const id of kubernetesIds(evaluated)) {
      let entries = this.byKubernetesId.get(id);
      if (!entries) this.byKubernetesId.set(id, (entries = new Map()));
      entries.set(key, evaluated);
    }
  }

  private changed(): void {
    this.everything = undefined;
    this.version++;
  }
}
