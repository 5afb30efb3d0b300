import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeConfig } from '@kubernetes/client-node';
import {
  KubeObject,
  stripObject,
} from '@eso-health/plugin-external-secrets-common';
import { describeKubeError, KubeErrorInfo } from './describeKubeError';
import { ExponentialBackoff } from './ExponentialBackoff';
import { listAllPages } from './listAllPages';
import { TrackingWatch } from './TrackingWatch';
import {
  apiVersionOf,
  collectionPathOf,
  PARTIAL_OBJECT_METADATA_LIST_ACCEPT,
  PARTIAL_OBJECT_METADATA_WATCH_ACCEPT,
  rbacResourceOf,
  WatchedKind,
} from './watchedKinds';

/** Timings of a {@link KindWatcher}; defaults in {@link DEFAULT_KIND_WATCHER_TIMING}. */
export interface KindWatcherTiming {
  /** First retry delay after an error; doubles up to `backoffMaxMs`, reset after a success. */
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** Random extra delay, as a fraction of the backoff delay. */
  backoffJitter: number;
  /** How often a kind the cluster does not serve is looked for again. */
  skippedRetryMs: number;
  /** Timeout of each list page and discovery request. */
  requestTimeoutMs: number;
  /** Timeout until a watch request gets response headers. */
  watchConnectTimeoutMs: number;
  /** Range of the server-side watch timeout (`timeoutSeconds`). */
  watchTimeoutSeconds: [number, number];
  /** A watch ended by the server sooner than this without any object is reopened after this delay. */
  watchMinMs: number;
  /** Items per list page. */
  pageSize: number;
}

export const DEFAULT_KIND_WATCHER_TIMING: KindWatcherTiming = {
  backoffInitialMs: 1000,
  backoffMaxMs: 30_000,
  backoffJitter: 0.2,
  skippedRetryMs: 5 * 60_000,
  requestTimeoutMs: 30_000,
  watchConnectTimeoutMs: 30_000,
  watchTimeoutSeconds: [300, 600],
  watchMinMs: 1000,
  pageSize: 500,
};

export type KindStatus =
  | { state: 'pending' }
  | { state: 'ok' }
  | { state: 'skipped'; reason: string }
  | { state: 'error'; error: KubeErrorInfo };

export interface KindWatcherOptions {
  kc: KubeConfig;
  kind: WatchedKind;
  /** Watch this namespace only; cluster-wide when absent. */
  namespace?: string;
  logger: LoggerService;
  /** The version to read, or null when the cluster does not serve the kind. May throw. */
  resolveVersion: () => Promise<string | null>;
  /** Objects of this kind changed: one object, or all of them (`replace`, after a list). */
  onObjectsChange: (change: KindChange) => void;
  /** `status()` changed. */
  onStatusChange: () => void;
  /**
   * The server refused the credentials of a request started at `requestStartedAt` (401): the
   * owner renews them before the next attempt, which resumes the watch from its resourceVersion.
   */
  onUnauthorized?: (requestStartedAt: number) => void;
  timing: KindWatcherTiming;
}

/** A change of the objects of one watcher. */
export type KindChange =
  | { type: 'upsert' | 'remove'; object: KubeObject }
  | { type: 'replace' };

function keyOf(object: KubeObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

/** A watch event that ends the watch (`ERROR`), as an error `describeKubeError` understands. */
class WatchStatusError extends Error {
  readonly statusCode?: number;
  readonly body: unknown;
  constructor(status: any) {
    super(typeof status?.message === 'string' ? status.message : 'watch error');
    this.statusCode =
      typeof status?.code === 'number' ? status.code : undefined;
    this.body = status;
  }
}

/** A watch that had connected and was then cut (reset, proxy timeout, our watchdog). */
class DroppedWatch extends Error {
  constructor(readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Lists and watches one kind (cluster-wide, or in one namespace) and keeps a stripped copy of its
 * objects: list page by page, then watch from the list's resourceVersion with bookmarks, and
 * re-watch from the last resourceVersion seen whenever a watch ends, is cut or is refused.
 *
 * Only `410 Gone` (the resourceVersion is too old) or a change of the served ESO version makes it
 * list again, so a cluster that drops connections or rotates credentials causes no relist storm:
 * a `401` asks the owner to renew the credentials (`onUnauthorized`) and the next watch resumes
 * where the last one stopped. A relist replaces the store in one step, so no object is held twice
 * once it completes. Failures back off (1 s doubling to 30 s, reset after a success). A kind that
 * is not served (discovery, or 404) is "skipped": not an error, looked for again every few
 * minutes. Never throws at its owner.
 *
 * This loop is ours rather than the `ListWatch` informer of `@kubernetes/client-node` because
 * that informer relists after every error (a credential renewal or a dropped connection would
 * re-download the whole kind) and keeps its own copy of every object beside ours.
 */
export class KindWatcher {
  readonly kind: WatchedKind;
  readonly resource: string;
  readonly namespace?: string;
  private readonly options: KindWatcherOptions;
  private readonly backoff: ExponentialBackoff;
  private readonly stopController = new AbortController();
  private kindStatus: KindStatus = { state: 'pending' };
  private lastSuccess: number | null = null;
  private store = new Map<string, KubeObject>();
  private snapshot: KubeObject[] | undefined = [];
  private version?: string;
  /** The resourceVersion to resume watching from; undefined means a list is needed. */
  private resourceVersion?: string;
  private listed = false;
  /** A cut watch or a 401 is retried once before the kind is in error. */
  private retrying = false;
  private watch?: TrackingWatch;
  private running = false;
  private stopped = false;
  private attempted = false;
  private resolveAttempted!: () => void;
  private readonly firstAttempt: Promise<void>;

  constructor(options: KindWatcherOptions) {
    this.options = options;
    this.kind = options.kind;
    this.namespace = options.namespace;
    this.resource = rbacResourceOf(options.kind);
    const { timing } = options;
    this.backoff = new ExponentialBackoff(
      timing.backoffInitialMs,
      timing.backoffMaxMs,
      timing.backoffJitter,
    );
    this.firstAttempt = new Promise(resolve => {
      this.resolveAttempted = resolve;
    });
  }

  /** Starts listing and watching; resolves after the first list attempt (or skip). Never rejects. */
  start(): Promise<void> {
    if (!this.running && !this.stopped) {
      this.running = true;
      void this.loop();
    }
    return this.firstAttempt;
  }

  /** Stops the watch, its requests and timers. Final: a stopped watcher does not start again. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopController.abort();
    this.watch?.dispose();
    this.markAttempted();
  }

  status(): KindStatus {
    return this.kindStatus;
  }

  /** True once a list of this kind completed (or the kind was found not to be served). */
  hasListed(): boolean {
    return this.listed;
  }

  /** Epoch ms of the last successful list, watch connection or watch event; null before any. */
  lastSuccessAt(): number | null {
    return this.lastSuccess;
  }

  /** The version being read (`v1`, `v1beta1`), once known. */
  servedVersion(): string | undefined {
    return this.version;
  }

  /** The current objects; the same array until they change. */
  objects(): KubeObject[] {
    if (!this.snapshot) this.snapshot = [...this.store.values()];
    return this.snapshot;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const attemptStartedAt = Date.now();
      try {
        if (!this.resourceVersion) {
          const version = await this.options.resolveVersion();
          if (this.stopped) return;
          if (version === null) {
            this.skip(
              `the cluster does not serve ${
                this.kind.group || 'the core group'
              } (API discovery)`,
            );
            await this.sleep(this.options.timing.skippedRetryMs);
            continue;
          }
          await this.list(version);
        }
        // Returns when the server ends the watch (its timeout): watch again from where it stopped.
        await this.watchOnce(this.version!);
        this.retrying = false;
      } catch (error) {
        if (this.stopped) return;
        this.markAttempted();
        const dropped = error instanceof DroppedWatch;
        const info = describeKubeError(dropped ? error.cause : error);
        if (info.type === 'gone') {
          // 410: the resourceVersion is older than the server keeps; only a new list helps.
          this.options.logger.debug(
            `watch of ${this.label()} expired (410), listing again`,
          );
          this.resourceVersion = undefined;
          continue;
        }
        if (info.type === 'not-found') {
          this.skip(`the cluster does not serve ${this.resource} (404)`);
          await this.sleep(this.options.timing.skippedRetryMs);
          continue;
        }
        if (info.type === 'unauthorized')
          this.options.onUnauthorized?.(attemptStartedAt);
        if ((dropped || info.type === 'unauthorized') && !this.retrying) {
          // A cut connection, or credentials that just expired: try once more (with renewed
          // credentials) before calling it an error.
          this.retrying = true;
        } else {
          this.failed(info);
        }
        await this.sleep(this.backoff.next());
      }
    }
  }

  private label(): string {
    return this.namespace
      ? `${this.resource} in ${this.namespace}`
      : this.resource;
  }

  private async list(version: string): Promise<void> {
    const { kind, timing } = this.options;
    const apiVersion = apiVersionOf(kind, version);
    try {
      const result = await listAllPages(this.options.kc, {
        path: collectionPathOf(kind, version, this.namespace),
        fieldSelector: kind.fieldSelector,
        accept: kind.metadataOnly
          ? PARTIAL_OBJECT_METADATA_LIST_ACCEPT
          : undefined,
        limit: timing.pageSize,
        signal: () =>
          AbortSignal.any([
            this.stopController.signal,
            AbortSignal.timeout(timing.requestTimeoutMs),
          ]),
      });
      if (this.stopped) return;
      const store = new Map<string, KubeObject>();
      for (const item of result.items) {
        if (!this.keep(item)) continue;
        stripObject(kind.key, item, apiVersion, kind.kind);
        store.set(keyOf(item), item);
      }
      // One step: the previous objects are released as the new ones take their place.
      this.store = store;
      this.snapshot = undefined;
      this.version = version;
      this.resourceVersion = result.metadata.resourceVersion;
      this.listed = true;
      this.succeeded();
      this.options.onObjectsChange({ type: 'replace' });
    } finally {
      this.markAttempted();
    }
  }

  /**
   * One watch from the current resourceVersion until the server ends it. Rejects on an error: an
   * HTTP status, a connection failure, an `ERROR` event, or a cut ({@link DroppedWatch}).
   */
  private watchOnce(version: string): Promise<void> {
    const { kind, timing, kc } = this.options;
    const apiVersion = apiVersionOf(kind, version);
    return new Promise<void>((resolve, reject) => {
      let connected = false;
      let eventError: Error | undefined;
      const watch = new TrackingWatch(
        kc,
        {
          isStopped: () => this.stopped,
          onConnected: () => {
            connected = true;
            this.retrying = false;
            this.succeeded();
          },
        },
        {
          headers: kind.metadataOnly
            ? { Accept: PARTIAL_OBJECT_METADATA_WATCH_ACCEPT }
            : undefined,
          connectTimeoutMs: timing.watchConnectTimeoutMs,
          timeoutSeconds: timing.watchTimeoutSeconds,
          minWatchMs: timing.watchMinMs,
        },
      );
      this.watch = watch;
      const onEvent = (type: string, object: any) => {
        if (this.stopped || eventError) return;
        if (type === 'ERROR') {
          eventError = new WatchStatusError(object);
          watch.dispose();
          return;
        }
        const rv = object?.metadata?.resourceVersion;
        if (typeof rv === 'string' && rv) this.resourceVersion = rv;
        if (type === 'BOOKMARK') return;
        this.succeeded();
        if (!object || typeof object !== 'object') return;
        if (type === 'DELETED') this.remove(object);
        else if (type === 'ADDED' || type === 'MODIFIED')
          this.upsert(object, apiVersion);
      };
      watch
        .watch(
          collectionPathOf(kind, version, this.namespace),
          {
            resourceVersion: this.resourceVersion,
            fieldSelector: kind.fieldSelector,
          },
          onEvent,
          (error: unknown) => {
            if (this.watch === watch) this.watch = undefined;
            if (eventError) reject(eventError);
            else if (error) reject(connected ? new DroppedWatch(error) : error);
            else resolve();
          },
        )
        .catch(reject);
    });
  }

  private keep(object: KubeObject): boolean {
    return this.kind.keep ? this.kind.keep(object) : true;
  }

  private upsert(object: KubeObject, apiVersion: string): void {
    if (!this.keep(object)) {
      this.remove(object);
      return;
    }
    stripObject(this.kind.key, object, apiVersion, this.kind.kind);
    this.store.set(keyOf(object), object);
    this.snapshot = undefined;
    this.options.onObjectsChange({ type: 'upsert', object });
  }

  private remove(object: KubeObject): void {
    const stored = this.store.get(keyOf(object));
    if (stored && this.store.delete(keyOf(object))) {
      this.snapshot = undefined;
      this.options.onObjectsChange({ type: 'remove', object: stored });
    }
  }

  private succeeded(): void {
    this.lastSuccess = Date.now();
    this.backoff.reset();
    if (this.kindStatus.state !== 'ok') {
      if (this.kindStatus.state === 'error') {
        this.options.logger.debug(`reading ${this.label()} works again`);
      }
      this.setStatus({ state: 'ok' });
    }
  }

  private failed(info: KubeErrorInfo): void {
    const previous = this.kindStatus;
    if (
      previous.state !== 'error' ||
      previous.error.detail !== info.detail ||
      previous.error.type !== info.type
    ) {
      this.options.logger.debug(
        `reading ${this.label()} failed: ${info.type} ${
          info.status ?? info.code ?? ''
        } ${info.detail}`,
      );
      this.setStatus({ state: 'error', error: info });
    }
  }

  private skip(reason: string): void {
    this.markAttempted();
    this.version = undefined;
    this.resourceVersion = undefined;
    this.listed = true;
    if (this.store.size > 0) {
      this.store = new Map();
      this.snapshot = undefined;
      this.options.onObjectsChange({ type: 'replace' });
    }
    if (this.kindStatus.state !== 'skipped') {
      this.options.logger.info(`not watching ${this.label()}: ${reason}`);
      this.setStatus({ state: 'skipped', reason });
    }
  }

  /** Waits, unless stopped meanwhile. */
  private sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      if (this.stopped) {
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      const signal = this.stopController.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }

  private setStatus(status: KindStatus): void {
    this.kindStatus = status;
    this.options.onStatusChange();
  }

  private markAttempted(): void {
    if (!this.attempted) {
      this.attempted = true;
      this.resolveAttempted();
    }
  }
}
