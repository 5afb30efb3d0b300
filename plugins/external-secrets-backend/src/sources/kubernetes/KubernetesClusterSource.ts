import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  CustomObjectsApi,
  KubeConfig,
  Observable,
  PatchStrategy,
  RequestContext,
  ResponseContext,
  setHeaderOptions,
} from '@kubernetes/client-node';
import {
  ClusterObjects,
  ClusterState,
} from '@eso-health/plugin-external-secrets-common';
import { ListenerSet } from '../ListenerSet';
import { AnnotateTarget, ClusterSource } from '../types';
import {
  buildKubeConfig,
  KubernetesClusterConnection,
} from './buildKubeConfig';
import { discoverEsoVersion } from './discoverEsoVersion';
import { formatClusterError } from './formatClusterError';
import {
  DEFAULT_KIND_WATCHER_TIMING,
  KindWatcher,
  KindWatcherTiming,
} from './KindWatcher';
import { toAnnotateError } from './toAnnotateError';
import { ESO_GROUP, watchedKinds } from './watchedKinds';

export interface KubernetesClusterSourceOptions {
  /**
   * The cluster, with the fields of `kubernetes.clusterLocatorMethods[type=config].clusters[]`
   * (extra fields such as `type` are ignored).
   */
  cluster: KubernetesClusterConnection;
  logger: LoggerService;
  /** Timings (mostly for tests); defaults: backoff 1 s → 30 s, 30 s request timeout. */
  timing?: Partial<KindWatcherTiming>;
  /** Upper bound of `start()`, in ms (default 30 s). */
  startTimeoutMs?: number;
  /** Clock for the age shown in error messages. */
  now?: () => number;
}

/**
 * A live cluster: lists and watches the kinds of PRODUCT.md section 3 with the informers of
 * `@kubernetes/client-node` and serves them from memory.
 *
 * - Secrets are read as metadata only (`PartialObjectMetadata`); values are also dropped locally.
 * - ESO kinds are read at `external-secrets.io/v1`, or `v1beta1` when discovery serves only that.
 * - A kind the cluster does not serve is skipped; failures keep the last known objects and show
 *   in `state()` with what to do. Nothing here throws at the consumer except `annotate`.
 * - Each instance has its own KubeConfig, informers and timers: clusters never affect each other.
 */
export class KubernetesClusterSource implements ClusterSource {
  readonly name: string;
  private readonly url: string;
  private readonly logger: LoggerService;
  private readonly kc?: KubeConfig;
  private readonly configError?: string;
  private readonly watchers: KindWatcher[];
  private readonly listeners = new ListenerSet();
  private readonly stopController = new AbortController();
  private readonly timing: KindWatcherTiming;
  private readonly startTimeoutMs: number;
  private readonly now: () => number;
  private discovery?: Promise<string | null>;
  private cachedObjects?: ClusterObjects;
  private loggedError?: string;
  private started = false;

  constructor(options: KubernetesClusterSourceOptions) {
    const { cluster } = options;
    this.name = cluster.name;
    this.url = cluster.url;
    this.logger = options.logger;
    this.timing = { ...DEFAULT_KIND_WATCHER_TIMING, ...options.timing };
    this.startTimeoutMs = options.startTimeoutMs ?? 30_000;
    this.now = options.now ?? Date.now;
    try {
      this.kc = buildKubeConfig(cluster);
    } catch (error) {
      this.configError = error instanceof Error ? error.message : String(error);
    }
    const kc = this.kc;
    this.watchers = kc
      ? watchedKinds.map(
          kind =>
            new KindWatcher({
              kc,
              kind,
              logger: this.logger,
              timing: this.timing,
              resolveVersion: kind.version
                ? async () => kind.version!
                : () => this.resolveEsoVersion(),
              onObjectsChange: () => {
                this.cachedObjects = undefined;
                this.listeners.notify();
              },
              onStatusChange: () => this.statusChanged(),
            }),
        )
      : [];
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.configError) {
      this.logger.error(
        `cluster '${this.name}' is not watched: ${this.configError}`,
      );
      this.listeners.notify();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>(resolve => {
      timer = setTimeout(() => resolve('timeout'), this.startTimeoutMs);
    });
    try {
      const result = await Promise.race([
        Promise.all(this.watchers.map(w => w.start())),
        timeout,
      ]);
      if (result === 'timeout') {
        const pending = this.watchers
          .filter(w => w.status().state === 'pending')
          .map(w => w.resource);
        this.logger.warn(
          `cluster '${this.name}': no answer yet for ${pending.join(
            ', ',
          )} after ${this.startTimeoutMs} ms; still trying`,
        );
      }
    } catch (error) {
      // Cannot happen (watchers never reject), but start() must never reject either.
      this.logger.error(`cluster '${this.name}': start failed: ${error}`);
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    this.stopController.abort();
    await Promise.all(this.watchers.map(w => w.stop()));
  }

  objects(): ClusterObjects {
    if (!this.cachedObjects) {
      const objects = {} as ClusterObjects;
      for (const kind of watchedKinds) objects[kind.key] = [];
      for (const watcher of this.watchers)
        objects[watcher.kind.key] = watcher.objects();
      this.cachedObjects = objects;
    }
    return this.cachedObjects;
  }

  state(): ClusterState {
    if (this.configError) {
      return {
        name: this.name,
        status: 'error',
        error: this.configError,
        lastUpdated: null,
      };
    }
    const last = this.lastUpdatedMs();
    const lastUpdated = last === null ? null : new Date(last).toISOString();
    const error = this.errorMessage(last);
    return error
      ? { name: this.name, status: 'error', error, lastUpdated }
      : { name: this.name, status: 'ok', lastUpdated };
  }

  onChange(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  async annotate(
    target: AnnotateTarget,
    annotations: Record<string, string>,
  ): Promise<void> {
    if (!this.kc) {
      throw new ServiceUnavailableError(
        `cluster '${this.name}' cannot be changed: ${this.configError}`,
      );
    }
    const namespaced = target.kind === 'ExternalSecret';
    if (namespaced && !target.namespace) {
      throw new InputError(
        `annotating an ExternalSecret needs its namespace (cluster '${this.name}')`,
      );
    }
    const plural = namespaced ? 'externalsecrets' : 'clusterexternalsecrets';
    const resource = `${plural}.${ESO_GROUP}`;
    const context = { clusterName: this.name, url: this.url, target, resource };
    try {
      const version = await this.annotateVersion(target);
      const api = this.kc.makeApiClient(CustomObjectsApi);
      const body = { metadata: { annotations } };
      const options = setHeaderOptions(
        'Content-Type',
        PatchStrategy.MergePatch,
        {
          middleware: [this.requestSignal()],
          middlewareMergeStrategy: 'append',
        },
      );
      if (namespaced) {
        await api.patchNamespacedCustomObject(
          {
            group: ESO_GROUP,
            version,
            namespace: target.namespace!,
            plural,
            name: target.name,
            body,
          },
          options,
        );
      } else {
        await api.patchClusterCustomObject(
          { group: ESO_GROUP, version, plural, name: target.name, body },
          options,
        );
      }
    } catch (error) {
      throw toAnnotateError(error, context);
    }
    this.logger.info(
      `annotated ${target.kind} ${
        target.namespace ? `${target.namespace}/` : ''
      }${target.name} ` +
        `in cluster '${this.name}' (${Object.keys(annotations).join(', ')})`,
    );
  }

  /** Served version first (what the watcher reads), then the target's, then discovery. */
  private async annotateVersion(target: AnnotateTarget): Promise<string> {
    const watcher = this.watchers.find(w => w.kind.kind === target.kind);
    const watched = watcher?.servedVersion();
    if (watched) return watched;
    const [group, version] = (target.apiVersion ?? '').split('/');
    if (group === ESO_GROUP && version) return version;
    return (await this.resolveEsoVersion()) ?? 'v1';
  }

  /** One discovery request at a time, shared by the four ESO kinds. */
  private resolveEsoVersion(): Promise<string | null> {
    if (!this.discovery) {
      this.discovery = discoverEsoVersion(
        this.kc!,
        AbortSignal.any([
          this.stopController.signal,
          AbortSignal.timeout(this.timing.requestTimeoutMs),
        ]),
      ).finally(() => {
        this.discovery = undefined;
      });
    }
    return this.discovery;
  }

  /** Middleware that bounds a request of the typed API client and aborts it on stop(). */
  private requestSignal() {
    const signal = AbortSignal.any([
      this.stopController.signal,
      AbortSignal.timeout(this.timing.requestTimeoutMs),
    ]);
    return {
      pre: (context: RequestContext) => {
        context.setSignal(signal);
        return new Observable(Promise.resolve(context));
      },
      post: (response: ResponseContext) =>
        new Observable(Promise.resolve(response)),
    };
  }

  private lastUpdatedMs(): number | null {
    let last: number | null = null;
    for (const watcher of this.watchers) {
      const at = watcher.lastSuccessAt();
      if (at !== null && (last === null || at > last)) last = at;
    }
    return last;
  }

  private errorMessage(lastUpdated: number | null): string | undefined {
    const problems = this.watchers.flatMap(w => {
      const status = w.status();
      return status.state === 'error'
        ? [{ resource: w.resource, error: status.error }]
        : [];
    });
    if (problems.length === 0) return undefined;
    return formatClusterError({
      clusterName: this.name,
      url: this.url,
      problems,
      lastUpdated,
      now: this.now(),
    });
  }

  private statusChanged(): void {
    const error = this.errorMessage(null);
    if (error !== this.loggedError) {
      if (error) {
        this.logger.warn(
          `cluster '${this.name}': ${this.errorMessage(this.lastUpdatedMs())}`,
        );
      } else if (this.loggedError) {
        this.logger.info(`cluster '${this.name}': connection restored`);
      }
      this.loggedError = error;
    }
    this.listeners.notify();
  }
}
