import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ExternalSecretsCluster,
  ExternalSecretsClusterSupplier,
} from '@eso-health/plugin-external-secrets-node';
import { InputError } from '@backstage/errors';
import { ListenerSet } from '../lib/ListenerSet';
import {
  KubernetesClusterSource,
  KubernetesClusterSourceOptions,
} from './kubernetes/KubernetesClusterSource';
import { ClusterSet, ClusterSource } from './types';
import { ClusterAuthStrategies } from '../clusters/auth/ClusterAuthStrategies';
import { ClusterCredentials } from '../clusters/auth/ClusterCredentials';
import { ClusterDefaults } from '../clusters/locators/readClusterConfig';

export interface ClusterRegistryOptions {
  /** Clusters that never change while the backend runs (manifests folders). */
  staticSources?: ClusterSource[];
  /** Where live clusters come from; the `config` supplier is checked strictly at start. */
  suppliers?: ExternalSecretsClusterSupplier[];
  strategies?: ClusterAuthStrategies;
  defaults?: ClusterDefaults;
  logger: LoggerService;
  /** Timings of the live sources (tests). */
  sourceOptions?: Pick<
    KubernetesClusterSourceOptions,
    'timing' | 'startTimeoutMs'
  >;
}

interface LiveEntry {
  source: KubernetesClusterSource;
  /** The cluster's details as last supplied: a change replaces the source. */
  fingerprint: string;
}

/**
 * The clusters being watched: the static ones (manifests folders) and the live ones the
 * suppliers name (config, the catalog, `kubectl proxy`, modules). `refresh()` asks every supplier
 * again and starts the watches of new clusters, stops those of removed ones, and replaces a
 * cluster whose details changed; a supplier that fails keeps its last clusters.
 *
 * A cluster that cannot be watched (an auth provider that needs a signed-in user, a kubeconfig
 * that does not exist) fails the backend's start when it comes from config, so the mistake is
 * seen at once; from another supplier (the catalog) it is shown as a cluster in error instead.
 */
export class ClusterRegistry implements ClusterSet {
  private readonly listeners = new ListenerSet();
  private readonly live = new Map<string, LiveEntry>();
  private readonly lastSupplied = new Map<string, ExternalSecretsCluster[]>();
  private readonly staticSources: ClusterSource[];
  private firstListing: Promise<void> = Promise.resolve();
  /** Each source's start(): resolves after its first list attempt. */
  private readonly starts = new WeakMap<ClusterSource, Promise<void>>();
  private stopped = false;

  constructor(private readonly options: ClusterRegistryOptions) {
    this.staticSources = options.staticSources ?? [];
  }

  list(): ClusterSource[] {
    return [
      ...this.staticSources,
      ...[...this.live.values()].map(entry => entry.source),
    ];
  }

  get(name: string): ClusterSource | undefined {
    return this.list().find(source => source.name === name);
  }

  onChange(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  /**
   * Checks the configured clusters (throws an `InputError` naming what to fix), starts every
   * source in the background and asks the suppliers once.
   */
  async start(): Promise<void> {
    const { strategies } = this.options;
    for (const supplier of this.options.suppliers ?? []) {
      if (supplier.name !== 'config' || !strategies) continue;
      const problems = (await supplier.getClusters({})).flatMap(cluster =>
        strategies.problems(this.withDefaults(cluster)),
      );
      if (problems.length) throw new InputError(problems.join('; '));
    }
    const started = this.staticSources.map(source => this.starting(source));
    await this.refresh();
    this.firstListing = Promise.all([
      ...started,
      ...[...this.live.values()].map(entry => this.starting(entry.source)),
    ]).then(() => undefined);
  }

  /** Resolves once every cluster known at start has had its first list attempt. */
  listed(): Promise<void> {
    return this.firstListing;
  }

  /** Asks every supplier for its clusters and starts, stops or replaces sources to match. */
  async refresh(): Promise<void> {
    const wanted = new Map<string, ExternalSecretsCluster>();
    const taken = new Set(this.staticSources.map(s => s.name));
    for (const supplier of this.options.suppliers ?? []) {
      let clusters: ExternalSecretsCluster[];
      try {
        clusters = await supplier.getClusters({});
        this.lastSupplied.set(supplier.name, clusters);
      } catch (error) {
        this.options.logger.warn(
          `cluster supplier '${supplier.name}' failed, keeping its last clusters: ${error}`,
        );
        clusters = this.lastSupplied.get(supplier.name) ?? [];
      }
      for (const cluster of clusters) {
        if (taken.has(cluster.name) || wanted.has(cluster.name)) {
          this.options.logger.warn(
            `cluster '${cluster.name}' from supplier '${supplier.name}' is ignored: another cluster has that name`,
          );
          continue;
        }
        wanted.set(cluster.name, this.withDefaults(cluster));
      }
    }
    if (this.stopped) return;

    let changed = false;
    for (const [name, entry] of this.live) {
      const cluster = wanted.get(name);
      if (!cluster || JSON.stringify(cluster) !== entry.fingerprint) {
        this.live.delete(name);
        void entry.source.stop();
        this.options.logger.info(
          `cluster '${name}' ${
            cluster ? 'changed' : 'is gone'
          }: its watches stopped`,
        );
        changed = true;
      }
    }
    for (const [name, cluster] of wanted) {
      if (this.live.has(name)) continue;
      const source = this.createSource(cluster);
      this.live.set(name, { source, fingerprint: JSON.stringify(cluster) });
      this.options.logger.info(
        `watching cluster '${name}' (${cluster.source ?? 'supplier'}, ${
          cluster.url
        })`,
      );
      void this.starting(source);
      changed = true;
    }
    if (changed) this.listeners.notify();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.list().map(source => source.stop()));
  }

  private withDefaults(
    cluster: ExternalSecretsCluster,
  ): ExternalSecretsCluster {
    const { defaults = {} } = this.options;
    return {
      ...cluster,
      ...(cluster.secrets || !defaults.secrets
        ? {}
        : { secrets: defaults.secrets }),
      ...(cluster.namespaces?.length || !defaults.namespaces?.length
        ? {}
        : { namespaces: defaults.namespaces }),
    };
  }

  private createSource(
    cluster: ExternalSecretsCluster,
  ): KubernetesClusterSource {
    const strategies = this.options.strategies!;
    const problems = strategies.problems(cluster);
    return new KubernetesClusterSource({
      cluster,
      credentials: new ClusterCredentials(() =>
        strategies.getCredential(cluster),
      ),
      problems,
      logger: this.options.logger.child({ cluster: cluster.name }),
      ...this.options.sourceOptions,
    });
  }

  private starting(source: ClusterSource): Promise<void> {
    let started = this.starts.get(source);
    if (!started) {
      started = source
        .start()
        .catch(error =>
          this.options.logger.error(
            `cluster '${source.name}' failed to start: ${error}`,
          ),
        );
      this.starts.set(source, started);
    }
    return started;
  }
}
