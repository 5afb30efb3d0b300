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
  describeDataAge,
  ClusterObjectKind,
  ClusterObjects,
  ClusterState,
  formatList,
} from '@eso-health/plugin-external-secrets-common';
import { ExternalSecretsCluster } from '@eso-health/plugin-external-secrets-node';
import { ClusterCredentials } from '../../clusters/auth/ClusterCredentials';
import { authProviderOf } from '../../clusters/authProvider';
import { ListenerSet } from '../../lib/ListenerSet';
import { AnnotateTarget, ClusterSource, SourceChange } from '../types';
import { buildKubeConfig } from './buildKubeConfig';
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
  /** The cluster: the Kubernetes plugin's cluster details, plus namespaces and Secret access. */
  cluster: ExternalSecretsCluster;
  /** Where each request's credential comes from (renewed before expiry and after a 401). */
  credentials: ClusterCredentials;
  /** Why the cluster cannot be watched (its auth provider, its kubeconfig): shown, nothing watched. */
  problems?: string[];
  logger: LoggerService;
  /** Timings (mostly for tests); defaults: backoff 1 s → 30 s, 30 s request timeout. */
  timing?: Partial<KindWatcherTiming>;
  /** Upper bound of `start()`, in ms (default 30 s). */
  startTimeoutMs?: number;
  /** Clock for the age shown in error messages. */
  now?: () => number;
}

/** The API server refused this kind to the backend's identity (403). */
function forbidden(watcher: KindWatcher): boolean {
  const status = watcher.status();
  return status.state === 'error' && status.error.type === 'forbidden';
}

/**
 * A live cluster: lists and watches every kind the engine reads (one {@link KindWatcher} per
 * kind, or per kind and namespace when the cluster is configured with a namespace list) and
 * serves them from memory.
 *
 * - Secrets are read as metadata only (`PartialObjectMetadata`; values are also dropped locally),
 *   or not at all under `secrets: none`.
 * - ESO kinds are read at `external-secrets.io/v1`, or `v1beta1` when discovery serves only that.
 * - A kind the cluster does not serve is skipped; failures keep the last known objects and show
 *   in `state()` with what to do. Nothing here throws at the consumer except `annotate`.
 * - Credentials come from the cluster's auth strategy on each request; a 401 renews them and the
 *   watches resume from where they stopped.
 * - Each instance has its own KubeConfig, watchers and timers: clusters never affect each other.
 */
export class KubernetesClusterSource implements ClusterSource {
  readonly name: string;
  private readonly cluster: ExternalSecretsCluster;
  private readonly credentials: ClusterCredentials;
  private readonly url: string;
  private readonly logger: LoggerService;
  private readonly kc?: KubeConfig;
  private readonly configError?: string;
  private readonly watchers: KindWatcher[];
  private readonly listeners = new ListenerSet<SourceChange>();
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
    this.cluster = cluster;
    this.credentials = options.credentials;
    this.url = cluster.url;
    this.logger = options.logger;
    this.timing = { ...DEFAULT_KIND_WATCHER_TIMING, ...options.timing };
    this.startTimeoutMs = options.startTimeoutMs ?? 30_000;
    this.now = options.now ?? Date.now;
    if (options.problems?.length) {
      this.configError = options.problems.join('; ');
    } else {
      try {
        this.kc = buildKubeConfig(cluster, this.credentials);
      } catch (error) {
        this.configError =
          error instanceof Error ? error.message : String(error);
      }
    }
    const kc = this.kc;
    const kinds = watchedKinds.filter(
      kind => kind.key !== 'secrets' || cluster.secrets !== 'none',
    );
    const namespaces = cluster.namespaces?.length
      ? cluster.namespaces
      : [undefined];
    this.watchers = kc
      ? kinds.flatMap(kind =>
          (kind.namespaced ? namespaces : [undefined]).map(
            namespace =>
              new KindWatcher({
                kc,
                kind,
                namespace,
                logger: this.logger,
                timing: this.timing,
                resolveVersion: kind.version
                  ? async () => kind.version!
                  : () => this.resolveEsoVersion(),
                onObjectsChange: change => {
                  this.cachedObjects = undefined;
                  this.listeners.notify(
                    change.type === 'replace'
                      ? { type: 'replace', kind: kind.key }
                      : { ...change, kind: kind.key },
                  );
                },
                onStatusChange: () => this.statusChanged(),
                onUnauthorized: startedAt =>
                  this.credentials.invalidate(startedAt),
              }),
          ),
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
      for (const watcher of this.watchers) {
        const list = objects[watcher.kind.key];
        // One watcher per kind, or one per namespace: concatenate only when there are several.
        objects[watcher.kind.key] = list.length
          ? list.concat(watcher.objects())
          : watcher.objects();
      }
      this.cachedObjects = objects;
    }
    return this.cachedObjects;
  }

  /** Kinds the backend may not read here (RBAC): what depends on them is unknown, not missing. */
  unreadableKinds(): ClusterObjectKind[] {
    return [
      ...new Set(
        this.watchers
          .filter(w => {
            const status = w.status();
            return (
              status.state === 'error' && status.error.type === 'forbidden'
            );
          })
          .map(w => w.kind.key),
      ),
    ];
  }

  /** Under `secrets: none` no Secret is read. */
  get secrets(): 'metadata' | 'none' {
    return this.cluster.secrets ?? 'metadata';
  }

  state(): ClusterState {
    const base = {
      name: this.name,
      ...(this.cluster.secrets === 'none' ? { secrets: 'none' as const } : {}),
    };
    if (this.configError) {
      return {
        ...base,
        status: 'error',
        error: this.configError,
        lastUpdated: null,
      };
    }
    const last = this.lastUpdatedMs();
    const lastUpdated = last === null ? null : new Date(last).toISOString();
    const error = this.errorMessage();
    const notice = this.notice();
    const listed = this.watchers.filter(
      w => w.hasListed() || forbidden(w),
    ).length;
    let status: Pick<ClusterState, 'status' | 'error' | 'progress'>;
    if (error) status = { status: 'error', error };
    else if (listed < this.watchers.length)
      status = {
        status: 'loading',
        progress: { listed, total: this.watchers.length },
      };
    else status = { status: 'ok' };
    return {
      ...base,
      ...status,
      ...(notice ? { notice } : {}),
      lastUpdated,
    };
  }

  onChange(listener: (change?: SourceChange) => void): () => void {
    return this.listeners.add(listener);
  }

  /**
   * Every kind listed once, or refused (403): a refused kind will not come, and the engine
   * treats it as unknown (see unreadableKinds), so waiting for it would judge nothing forever.
   */
  ready(): boolean {
    return (
      !this.configError &&
      this.watchers.every(w => w.hasListed() || forbidden(w))
    );
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

  /**
   * Cluster-scoped kinds a namespaced Role cannot grant: unknown rather than an error, since the
   * namespaces configured say the backend was meant to see only those.
   */
  private notGranted(watcher: KindWatcher): boolean {
    const status = watcher.status();
    return (
      Boolean(this.cluster.namespaces?.length) &&
      !watcher.kind.namespaced &&
      status.state === 'error' &&
      status.error.type === 'forbidden'
    );
  }

  private errorMessage(): string | undefined {
    const problems = this.watchers.flatMap(w => {
      const status = w.status();
      return status.state === 'error' && !this.notGranted(w)
        ? [{ resource: w.resource, error: status.error }]
        : [];
    });
    if (problems.length === 0) return undefined;
    return formatClusterError({
      clusterName: this.name,
      url: this.url,
      authProvider: authProviderOf(this.cluster),
      namespaces: this.cluster.namespaces,
      problems,
    });
  }

  private notice(): string | undefined {
    const notes: string[] = [];
    const renewal = this.credentials.renewal();
    if (renewal?.afterRefusal) {
      notes.push(
        `the API server refused the credentials at ${new Date(
          renewal.at,
        ).toISOString()}; they were renewed and the watches resumed where they stopped`,
      );
    }
    const notGranted = [
      ...new Set(
        this.watchers.filter(w => this.notGranted(w)).map(w => w.resource),
      ),
    ];
    if (notGranted.length) {
      notes.push(
        `${formatList(notGranted)} cannot be read with a Role in ${formatList(
          this.cluster.namespaces!,
        )}: ExternalSecrets that use them show their store as unknown (grant the optional ClusterRole of examples/rbac to read them)`,
      );
    }
    return notes.length ? notes.join('; ') : undefined;
  }

  private statusChanged(): void {
    const error = this.errorMessage();
    if (error !== this.loggedError) {
      if (error) {
        this.logger.warn(
          `cluster '${this.name}': ${error} (${describeDataAge(
            this.lastUpdatedMs(),
            this.now(),
          )})`,
        );
      } else if (this.loggedError) {
        this.logger.info(`cluster '${this.name}': connection restored`);
      }
      this.loggedError = error;
    }
    this.listeners.notify();
  }
}
