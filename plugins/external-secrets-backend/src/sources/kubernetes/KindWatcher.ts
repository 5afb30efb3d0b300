import { LoggerService } from '@backstage/backend-plugin-api';
import {
  KubeConfig,
  KubernetesListObject,
  ListWatch,
} from '@kubernetes/client-node';
import { KubeObject } from '@eso-health/plugin-external-secrets-common';
import { describeKubeError, KubeErrorInfo } from './describeKubeError';
import { ExponentialBackoff } from './ExponentialBackoff';
import { listAllPages } from './listAllPages';
import { stripObject } from './stripObject';
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
  logger: LoggerService;
  /** The version to read, or null when the cluster does not serve the kind. May throw. */
  resolveVersion: () => Promise<string | null>;
  /** Objects of this kind changed. */
  onObjectsChange: () => void;
  /** `status()` changed. */
  onStatusChange: () => void;
  timing: KindWatcherTiming;
}

function keyOf(object: KubeObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

/**
 * Lists and watches one kind cluster-wide with the informer of `@kubernetes/client-node`
 * (`ListWatch`: list, then watch from the list's resourceVersion, re-watch when the server ends
 * the watch, relist on 410 Gone) and keeps a stripped copy of the objects.
 *
 * The informer stops at any other error and emits `error`; this class starts it again after a
 * backoff (1 s doubling to 30 s, reset after a success), re-running discovery first, so the ESO
 * version can change under a running backend. A kind that is not served (discovery, or 404) is
 * "skipped": not an error, looked for again every few minutes. Never throws at its owner.
 */
export class KindWatcher {
  readonly kind: WatchedKind;
  readonly resource: string;
  private readonly options: KindWatcherOptions;
  private readonly backoff: ExponentialBackoff;
  private readonly stopController = new AbortController();
  private kindStatus: KindStatus = { state: 'pending' };
  private lastSuccess: number | null = null;
  private store = new Map<string, KubeObject>();
  private snapshot: KubeObject[] | undefined = [];
  private informer?: ListWatch<any>;
  private watch?: TrackingWatch;
  private version?: string;
  /** Bumped for every new informer; callbacks of older ones are ignored. */
  private generation = 0;
  private retryTimer?: NodeJS.Timeout;
  private running = false;
  /** The current watch was connected and then dropped: retry before calling it an error. */
  private dropped = false;
  private stopped = false;
  private attempted = false;
  private resolveAttempted!: () => void;
  private readonly firstAttempt: Promise<void>;

  constructor(options: KindWatcherOptions) {
    this.options = options;
    this.kind = options.kind;
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
      void this.run();
    }
    return this.firstAttempt;
  }

  /** Stops the informer, its requests and timers. Final: a stopped watcher does not start again. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.stopController.abort();
    this.dropInformer();
    this.markAttempted();
  }

  status(): KindStatus {
    return this.kindStatus;
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

  private async run(): Promise<void> {
    this.retryTimer = undefined;
    if (this.stopped) return;
    let version: string | null;
    try {
      version = await this.options.resolveVersion();
    } catch (error) {
      this.failed(this.generation, error);
      return;
    }
    if (this.stopped) return;
    if (version === null) {
      this.skip(
        `the cluster does not serve ${
          this.kind.group || 'the core group'
        } (API discovery)`,
      );
      return;
    }
    if (!this.informer || version !== this.version)
      this.createInformer(version);
    const generation = this.generation;
    this.informer!.start().catch(error => this.failed(generation, error));
  }

  private createInformer(version: string): void {
    this.dropInformer();
    this.dropped = false;
    const generation = ++this.generation;
    const current = () => !this.stopped && generation === this.generation;
    const { kind, timing } = { kind: this.kind, timing: this.options.timing };
    const path = collectionPathOf(kind, version);
    const apiVersion = apiVersionOf(kind, version);

    const watch = new TrackingWatch(
      this.options.kc,
      {
        isStopped: () => !current(),
        onConnected: () => {
          if (current()) this.succeeded();
        },
        onDropped: error => {
          if (!current()) return;
          this.dropped = true;
          this.options.logger.debug(
            `watch of ${this.resource} dropped: ${
              describeKubeError(error).detail
            }`,
          );
        },
        onEvent: (type, object) => {
          if (!current()) return;
          if (type === 'ERROR') {
            this.options.logger.debug(
              `watch of ${this.resource} sent an error: ${object?.code ?? ''} ${
                object?.message ?? ''
              }`,
            );
          } else {
            this.succeeded();
          }
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

    const list = async (): Promise<KubernetesListObject<any>> => {
      try {
        const result = await listAllPages(this.options.kc, {
          path,
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
        if (!current()) {
          // Stopped or replaced meanwhile: fail the list so the informer opens no watch.
          throw new Error('stopped');
        }
        const store = new Map<string, KubeObject>();
        for (const item of result.items) {
          if (!this.keep(item)) continue;
          stripObject(kind.key, item, apiVersion, kind.kind);
          store.set(keyOf(item), item);
        }
        this.store = store;
        this.snapshot = undefined;
        this.version = version;
        this.succeeded();
        this.options.onObjectsChange();
        // The informer caches what it gets: give it the stripped objects only.
        return {
          ...result,
          items: [...store.values()],
        } as KubernetesListObject<any>;
      } finally {
        this.markAttempted();
      }
    };

    const informer = new ListWatch<any>(
      path,
      watch,
      list,
      false,
      undefined,
      kind.fieldSelector,
    );
    informer.on('add', object => current() && this.upsert(object, apiVersion));
    informer.on(
      'update',
      object => current() && this.upsert(object, apiVersion),
    );
    informer.on('delete', object => current() && this.remove(object));
    informer.on('error', error => this.failed(generation, error));
    this.informer = informer;
    this.watch = watch;
    this.version = version;
  }

  private dropInformer(): void {
    this.watch?.dispose();
    void this.informer?.stop();
    this.informer = undefined;
    this.watch = undefined;
  }

  private keep(object: KubeObject): boolean {
    // The field selector asks for Warnings only; this guards servers that ignore it.
    return (
      this.kind.key !== 'events' ||
      (object as { type?: unknown }).type === 'Warning'
    );
  }

  private upsert(object: KubeObject, apiVersion: string): void {
    const key = keyOf(object);
    if (this.store.get(key) === object) return; // already stored by our own list
    if (!this.keep(object)) {
      this.remove(object);
      return;
    }
    stripObject(this.kind.key, object, apiVersion, this.kind.kind);
    this.store.set(key, object);
    this.snapshot = undefined;
    this.options.onObjectsChange();
  }

  private remove(object: KubeObject): void {
    if (this.store.delete(keyOf(object))) {
      this.snapshot = undefined;
      this.options.onObjectsChange();
    }
  }

  private succeeded(): void {
    this.lastSuccess = Date.now();
    this.backoff.reset();
    if (this.kindStatus.state !== 'ok') {
      if (this.kindStatus.state === 'error') {
        this.options.logger.debug(`reading ${this.resource} works again`);
      }
      this.setStatus({ state: 'ok' });
    }
  }

  private failed(generation: number, error: unknown): void {
    if (this.stopped || generation !== this.generation) return;
    this.markAttempted();
    if (this.dropped) {
      // A connected watch was cut: reconnect first; only a failing reconnect is an error.
      this.dropped = false;
      this.scheduleRun(this.backoff.next());
      return;
    }
    const info = describeKubeError(error);
    if (info.type === 'not-found') {
      this.skip(`the cluster does not serve ${this.resource} (404)`);
      return;
    }
    if (info.type !== 'gone') {
      // 410 on a list (an expired continue token) only needs a fresh list.
      const previous = this.kindStatus;
      if (
        previous.state !== 'error' ||
        previous.error.detail !== info.detail ||
        previous.error.type !== info.type
      ) {
        this.options.logger.debug(
          `reading ${this.resource} failed: ${info.type} ${
            info.status ?? info.code ?? ''
          } ${info.detail}`,
        );
        this.setStatus({ state: 'error', error: info });
      }
    }
    this.scheduleRun(this.backoff.next());
  }

  private skip(reason: string): void {
    this.markAttempted();
    this.dropInformer();
    this.version = undefined;
    if (this.store.size > 0) {
      this.store = new Map();
      this.snapshot = undefined;
      this.options.onObjectsChange();
    }
    if (this.kindStatus.state !== 'skipped') {
      this.options.logger.info(`not watching ${this.resource}: ${reason}`);
      this.setStatus({ state: 'skipped', reason });
    }
    this.scheduleRun(this.options.timing.skippedRetryMs);
  }

  private scheduleRun(delayMs: number): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => void this.run(), delayMs);
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
