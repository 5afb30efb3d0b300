import type { Agent } from 'node:http';
import { KubeConfig, Watch } from '@kubernetes/client-node';

export interface TrackingWatchHooks {
  /** The server accepted the watch (HTTP 200). */
  onConnected(): void;
  /** True once the owner stopped: no new watch is opened. */
  isStopped(): boolean;
}

export interface TrackingWatchOptions {
  /** Extra request headers (the `Accept` of a metadata-only watch). */
  headers?: Record<string, string>;
  /** Give up on a watch request without response headers after this long. */
  connectTimeoutMs?: number;
  /** Server-side watch timeout range in seconds; a random value in it is sent as `timeoutSeconds`. */
  timeoutSeconds?: [number, number];
  /**
   * A watch the server ends sooner than this without sending an object is reopened only after
   * this delay, so a misbehaving server or proxy cannot make the watcher spin.
   */
  minWatchMs?: number;
}

type FetchInit = Awaited<ReturnType<KubeConfig['applyToFetchOptions']>>;

/**
 * The KubeConfig a `Watch` sees: the cluster's own (its authenticators included, so renewed
 * credentials apply to every new watch), with extra headers and the request's agent reported.
 * `Watch` reads only the current cluster and the fetch options.
 */
class HookedKubeConfig extends KubeConfig {
  constructor(
    private readonly base: KubeConfig,
    private readonly hook: (init: FetchInit) => void,
  ) {
    super();
  }

  override getCurrentCluster() {
    return this.base.getCurrentCluster();
  }

  override async applyToFetchOptions(
    opts: Parameters<KubeConfig['applyToFetchOptions']>[0],
  ): Promise<FetchInit> {
    const init = await this.base.applyToFetchOptions(opts);
    this.hook(init);
    return init;
  }
}

/**
 * The `Watch` of `@kubernetes/client-node`, plus what a long-lived watcher needs:
 * - asks for bookmarks and a bounded server-side timeout (the owner re-watches from the last
 *   resourceVersion when the server ends a watch);
 * - reports connection and events to the owner (for `state()`);
 * - bounds a hanging connect and a silent stream (half-open TCP) by destroying the request's agent,
 *   which ends the watch with an error;
 * - `dispose()` tears down the current request even before response headers arrived, where the
 *   AbortController `Watch` returns exists only once connected.
 */
export class TrackingWatch extends Watch {
  private agent?: Agent;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly headers: Record<string, string>;
  private readonly connectTimeoutMs: number;
  private readonly timeoutSeconds: [number, number];
  private readonly minWatchMs: number;

  constructor(
    kc: KubeConfig,
    private readonly hooks: TrackingWatchHooks,
    options: TrackingWatchOptions = {},
  ) {
    super(kc);
    this.headers = options.headers ?? {};
    this.connectTimeoutMs = options.connectTimeoutMs ?? 30_000;
    this.timeoutSeconds = options.timeoutSeconds ?? [300, 600];
    this.minWatchMs = options.minWatchMs ?? 1000;
    this.config = new HookedKubeConfig(kc, init => {
      this.agent = init.agent as Agent | undefined;
      const headers = init.headers as unknown as
        | { set(name: string, value: string): void }
        | undefined;
      for (const [name, value] of Object.entries(this.headers))
        headers?.set(name, value);
    });
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: any, watchObj?: any) => void,
    done: (err: any) => void,
  ): Promise<AbortController> {
    if (this.hooks.isStopped()) {
      // The owner finished a list after stop(): open nothing, and never call done.
      const controller = new AbortController();
      controller.abort();
      return controller;
    }
    const [min, max] = this.timeoutSeconds;
    const timeoutSeconds = Math.round(min + Math.random() * (max - min));
    let finished = false;
    let connectedAt = 0;
    let sawObject = false;
    const own = new Set<NodeJS.Timeout>();
    const clear = () => {
      for (const timer of own) {
        clearTimeout(timer);
        this.timers.delete(timer);
      }
      own.clear();
    };
    const later = (ms: number, fn: () => void) => {
      const timer = setTimeout(() => {
        own.delete(timer);
        this.timers.delete(timer);
        fn();
      }, ms);
      own.add(timer);
      this.timers.add(timer);
    };

    let connectTimedOut = false;
    later(this.connectTimeoutMs, () => {
      connectTimedOut = true;
      this.destroyAgent();
    });
    const controller = await super.watch(
      path,
      { ...queryParams, allowWatchBookmarks: true, timeoutSeconds },
      (phase, apiObj, watchObj) => {
        if (phase !== 'ERROR') sawObject = true;
        callback(phase, apiObj, watchObj);
      },
      err => {
        finished = true;
        clear();
        const result =
          err && connectTimedOut
            ? Object.assign(
                new Error(
                  `no answer to the watch request in ${this.connectTimeoutMs} ms`,
                ),
                { code: 'ETIMEDOUT' },
              )
            : err;
        if (!err && !sawObject && Date.now() - connectedAt < this.minWatchMs) {
          later(this.minWatchMs, () => done(result));
        } else {
          done(result);
        }
      },
    );
    clear();
    if (!finished) {
      connectedAt = Date.now();
      this.hooks.onConnected();
      // The server ends the watch after timeoutSeconds; if nothing happened a minute later, the
      // connection is dead without anyone telling us.
      later((timeoutSeconds + 60) * 1000, () => controller.abort());
    }
    return controller;
  }

  /** Ends the current request (connected or not) and every timer. */
  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.destroyAgent();
  }

  private destroyAgent(): void {
    this.agent?.destroy();
  }
}
