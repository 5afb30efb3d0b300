// Open watches: chunked newline-delimited JSON streams, as the API server sends them. A watch
// replays the remembered events after its resourceVersion (410 Gone when they are forgotten),
// then receives every matching write, a BOOKMARK every `bookmarkMs` when asked for, and ends
// after its `timeoutSeconds`.
import { ServerResponse } from 'node:http';
import { ClusterStore, HistoryEntry, matchesEntry } from './clusterStore';
import { bookmarkLine, eventLine } from './encode';
import { ResourceDef, resourceKey } from './resources';
import { Requirement } from './selectors';

export interface WatchRequest {
  store: ClusterStore;
  def: ResourceDef;
  apiVersion: string;
  ns?: string;
  labels: Requirement[];
  fields: Requirement[];
  partial: boolean;
  bookmarks: boolean;
  /** The resourceVersion to start after; undefined or '0': every current object as ADDED first. */
  from?: string;
  timeoutSeconds: number;
}

interface OpenWatch extends WatchRequest {
  resource: string;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

export class WatchHub {
  private readonly open = new Set<OpenWatch>();
  private readonly bookmarkTimer: NodeJS.Timeout;

  constructor(bookmarkMs: number) {
    this.bookmarkTimer = setInterval(() => this.bookmark(), bookmarkMs);
  }

  get size(): number {
    return this.open.size;
  }

  start(request: WatchRequest, res: ServerResponse): void {
    const { store, def, apiVersion } = request;
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
    });
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    const from =
      request.from && request.from !== '0' ? Number(request.from) : undefined;
    if (
      from !== undefined &&
      (!Number.isFinite(from) || from < store.historyStartRv)
    ) {
      const status = {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `too old resource version: ${request.from} (${store.historyStartRv})`,
        reason: 'Expired',
        code: 410,
      };
      res.end(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
      return;
    }
    const resource = resourceKey(def.group, def.plural);
    const matching = (entry: HistoryEntry['entry']) =>
      matchesEntry(entry, request.ns, request.labels, request.fields);
    if (from === undefined) {
      // No resourceVersion: the current state first, as synthetic ADDED events.
      const lines = store
        .collection(def)!
        .select(request.ns, request.labels, request.fields)
        .map(entry =>
          eventLine('ADDED', entry, request.partial, apiVersion, def.kind),
        );
      if (lines.length) res.write(Buffer.concat(lines));
    } else {
      for (const event of store.history) {
        if (
          event.rv > from &&
          event.resource === resource &&
          matching(event.entry)
        )
          res.write(
            eventLine(
              event.type,
              event.entry,
              request.partial,
              apiVersion,
              def.kind,
            ),
          );
      }
    }
    const watch: OpenWatch = {
      ...request,
      resource,
      res,
      timer: setTimeout(() => res.end(), request.timeoutSeconds * 1000),
    };
    this.open.add(watch);
    res.on('close', () => {
      clearTimeout(watch.timer);
      this.open.delete(watch);
    });
  }

  /** Sends one write to the watches it concerns; returns how many got it. */
  emit(store: ClusterStore, event: HistoryEntry): number {
    let delivered = 0;
    for (const watch of this.open) {
      if (watch.store !== store || watch.resource !== event.resource) continue;
      if (!matchesEntry(event.entry, watch.ns, watch.labels, watch.fields))
        continue;
      watch.res.write(
        eventLine(
          event.type,
          event.entry,
          watch.partial,
          watch.apiVersion,
          watch.def.kind,
        ),
      );
      delivered++;
    }
    return delivered;
  }

  /** Ends every watch of a store with 410 Gone (after compaction). */
  expire(store: ClusterStore): number {
    let ended = 0;
    for (const watch of [...this.open]) {
      if (watch.store !== store) continue;
      const status = {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'too old resource version',
        reason: 'Expired',
        code: 410,
      };
      watch.res.end(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
      ended++;
    }
    return ended;
  }

  /** Open watches per cluster index. */
  countByCluster(): Record<number, number> {
    const counts: Record<number, number> = {};
    for (const watch of this.open)
      counts[watch.store.index] = (counts[watch.store.index] ?? 0) + 1;
    return counts;
  }

  close(): void {
    clearInterval(this.bookmarkTimer);
    for (const watch of this.open) watch.res.destroy();
    this.open.clear();
  }

  private bookmark(): void {
    for (const watch of this.open) {
      if (!watch.bookmarks) continue;
      watch.res.write(
        bookmarkLine(
          watch.store.rv,
          watch.partial,
          watch.apiVersion,
          watch.def.kind,
        ),
      );
    }
  }
}
