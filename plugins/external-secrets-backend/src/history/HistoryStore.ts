import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  Health,
  HistoryEvent,
  HistoryEventType,
} from '@eso-health/plugin-external-secrets-common';
import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { openDatabase } from '../database/openDatabase';
import { toIso } from '../database/toIso';

const HISTORY = 'external_secrets_history';
const LAST_STATE = 'external_secrets_last_state';
const HASHES = 'external_secrets_secret_hashes';
const FINDINGS = 'external_secrets_findings_hourly';
/** SQLite caps bound variables per statement; keep batches well under it. */
const BATCH = 100;

export interface LastState {
  cluster: string;
  namespace: string;
  name: string;
  health: Health;
  lastSyncTime: string | null;
  secretChangedAt: string | null;
}

function lastStateRow(state: LastState) {
  return {
    cluster: state.cluster,
    namespace: state.namespace,
    name: state.name,
    health: state.health,
    last_sync_time: state.lastSyncTime ? new Date(state.lastSyncTime) : null,
    secret_changed_at: state.secretChangedAt
      ? new Date(state.secretChangedAt)
      : null,
  };
}

function fromLastStateRow(row: any): LastState {
  return {
    cluster: row.cluster,
    namespace: row.namespace,
    name: row.name,
    health: row.health,
    lastSyncTime: toIso(row.last_sync_time),
    secretChangedAt: toIso(row.secret_changed_at),
  };
}

export interface SecretHash {
  cluster: string;
  namespace: string;
  name: string;
  dataHash: string;
  changedAt: string | null;
}

/**
 * An event to store. `key` (unique per ExternalSecret and type) makes the insert idempotent: give it
 * for events whose time does not depend on who observed them, so every replica may insert them
 * and each is stored once.
 */
export type StoredEvent = HistoryEvent & { key?: string };

/** Findings of one ExternalSecret in one hour (only ExternalSecrets with findings are stored). */
export interface FindingsSample {
  cluster: string;
  namespace: string;
  name: string;
  error: number;
  warning: number;
  info: number;
}

export interface FindingsPoint {
  at: string;
  error: number;
  warning: number;
  info: number;
}

/** Newest first, rows of one instant in insertion order reversed. */
const NEWEST_FIRST = [
  { column: 'at', order: 'desc' as const },
  { column: 'id', order: 'desc' as const },
];

const refOf = (q: { cluster: string; namespace: string; name: string }) => ({
  cluster: q.cluster,
  namespace: q.namespace,
  name: q.name,
});
function eventKey(e: StoredEvent): string | null {
  if (!e.key) return null;
  return createHash('sha256')
    .update(JSON.stringify([e.cluster, e.namespace, e.name, e.type, e.key]))
    .digest('hex');
}

function toEvent(row: any): HistoryEvent {
  return {
    cluster: row.cluster,
    namespace: row.namespace,
    name: row.name,
    type: row.type,
    at: toIso(row.at)!,
    detail: row.detail,
    ...(row.health ? { health: row.health } : {}),
    ...(row.actor ? { actor: row.actor } : {}),
  };
}

/** Plugin database access: history events and the last known state, via knex migrations. */
export class HistoryStore {
  static async create(database: DatabaseService): Promise<HistoryStore> {
    return new HistoryStore(await openDatabase(database));
  }

  constructor(private readonly db: Knex) {}

  /** Inserts events; one whose key is already stored is skipped (see StoredEvent). */
  async addEvents(events: StoredEvent[]): Promise<void> {
    const rows = events.map(e => ({
      cluster: e.cluster,
      namespace: e.namespace,
      name: e.name,
      type: e.type,
      at: new Date(e.at),
      detail: e.detail,
      health: e.health ?? null,
      actor: e.actor ?? null,
      event_key: eventKey(e),
    }));
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.db(HISTORY)
        .insert(rows.slice(i, i + BATCH))
        .onConflict('event_key')
        .ignore();
    }
  }

  /** Whether any event is stored for the ExternalSecret (the demo writes only into empty histories). */
  async hasEvents(ref: {
    cluster: string;
    namespace: string;
    name: string;
  }): Promise<boolean> {
    const { cluster, namespace, name } = ref;
    const row = await this.db(HISTORY)
      .where({ cluster, namespace, name })
      .first('id');
    return row !== undefined;
  }

  /**
   * One ExternalSecret's window: the events but `synced` (the newest `limit`, returned oldest
   * first), and the syncs counted per bucket by the database (a one-minute refresh interval is
   * 43,200 syncs in 30 days: they are never read row by row).
   */
  async timeline(query: {
    cluster: string;
    namespace: string;
    name: string;
    from: Date;
    to: Date;
    limit: number;
    bucketSeconds: number;
  }): Promise<{
    events: HistoryEvent[];
    truncated: boolean;
    syncs: Array<{ at: string; count: number }>;
  }> {
    const ref = refOf(query);
    const rows = await this.db(HISTORY)
      .where(ref)
      .whereNot('type', 'synced')
      .where('at', '>=', query.from)
      .where('at', '<=', query.to)
      .orderBy(NEWEST_FIRST)
      .limit(query.limit + 1);
    const truncated = rows.length > query.limit;
    const events = rows.slice(0, query.limit).reverse().map(toEvent);

    const bucket = this.isSqlite()
      ? // SQLite stores knex Dates as epoch milliseconds.
        this.db.raw('cast(at / ? as integer)', [query.bucketSeconds * 1000])
      : this.db.raw('floor(extract(epoch from at) / ?)', [query.bucketSeconds]);
    const buckets = await this.db(HISTORY)
      .where(ref)
      .where('type', 'synced')
      .where('at', '>=', query.from)
      .where('at', '<=', query.to)
      .select({ bucket }, this.db.raw('count(*) as count'))
      .groupByRaw('1')
      .orderByRaw('1');
    return {
      events,
      truncated,
      syncs: buckets.map(row => ({
        at: new Date(
          Number(row.bucket) * query.bucketSeconds * 1000,
        ).toISOString(),
        count: Number(row.count),
      })),
    };
  }

  /**
   * Health changes of one ExternalSecret from the last one before `from` on (at most `limit`,
   * the newest), oldest first: enough to draw the health segments of the window.
   */
  async healthChanges(query: {
    cluster: string;
    namespace: string;
    name: string;
    from: Date;
    limit: number;
  }): Promise<HistoryEvent[]> {
    const ref = refOf(query);
    const before = await this.db(HISTORY)
      .where(ref)
      .where('type', 'health-changed')
      .where('at', '<', query.from)
      .orderBy(NEWEST_FIRST)
      .first();
    const inWindow = await this.db(HISTORY)
      .where(ref)
      .where('type', 'health-changed')
      .where('at', '>=', query.from)
      .orderBy(NEWEST_FIRST)
      .limit(query.limit);
    return [...(before ? [before] : []), ...inWindow.reverse()].map(toEvent);
  }

  /** The stored last state of one ExternalSecret. */
  async loadLastState(ref: {
    cluster: string;
    namespace: string;
    name: string;
  }): Promise<LastState | undefined> {
    const { cluster, namespace, name } = ref;
    const row = await this.db(LAST_STATE)
      .where({ cluster, namespace, name })
      .first();
    return row ? fromLastStateRow(row) : undefined;
  }

  /** Replaces the samples of one hour (rows of a replica or a run before are overwritten, never added). */
  async saveFindingsSamples(
    hour: Date,
    samples: FindingsSample[],
  ): Promise<void> {
    await this.upsert(
      FINDINGS,
      samples.map(sample => ({ hour, ...sample })),
      ['hour', 'cluster', 'namespace', 'name'],
    );
  }

  /** Deletes the samples of `hour` for ExternalSecrets no longer having findings. */
  async removeFindingsSamples(
    hour: Date,
    keep: Array<{ cluster: string; namespace: string; name: string }>,
  ): Promise<void> {
    const kept = new Set(
      keep.map(k => `${k.cluster}/${k.namespace}/${k.name}`),
    );
    const rows = await this.db(FINDINGS)
      .where('hour', hour)
      .select('cluster', 'namespace', 'name');
    for (const row of rows) {
      if (!kept.has(`${row.cluster}/${row.namespace}/${row.name}`)) {
        await this.db(FINDINGS)
          .where({
            hour,
            cluster: row.cluster,
            namespace: row.namespace,
            name: row.name,
          })
          .delete();
      }
    }
  }

  /**
   * Findings summed per hour from `from` on, over the ExternalSecrets `visible` accepts (all
   * when it is absent, summed by the database), oldest first; plus the first sampled hour.
   */
  async findingsOverTime(
    from: Date,
    visible?: (ref: {
      cluster: string;
      namespace: string;
      name: string;
    }) => boolean,
  ): Promise<{ since: string | null; points: FindingsPoint[] }> {
    const first = await this.db(FINDINGS).min({ hour: 'hour' }).first();
    const since = toIso(first?.hour);
    let points: FindingsPoint[];
    if (!visible) {
      const rows = await this.db(FINDINGS)
        .where('hour', '>=', from)
        .select('hour')
        .sum({ error: 'error', warning: 'warning', info: 'info' })
        .groupBy('hour')
        .orderBy('hour');
      points = rows.map((row: any) => ({
        at: toIso(row.hour)!,
        error: Number(row.error),
        warning: Number(row.warning),
        info: Number(row.info),
      }));
    } else {
      const sums = new Map<string, FindingsPoint>();
      const rows = await this.db(FINDINGS)
        .where('hour', '>=', from)
        .orderBy('hour');
      for (const row of rows) {
        if (!visible(row)) continue;
        const at = toIso(row.hour)!;
        const point = sums.get(at) ?? { at, error: 0, warning: 0, info: 0 };
        point.error += row.error;
        point.warning += row.warning;
        point.info += row.info;
        sums.set(at, point);
      }
      points = [...sums.values()];
    }
    return { since, points };
  }

  /** Deletes findings samples older than the cutoff; returns how many. */
  async pruneFindings(olderThan: Date): Promise<number> {
    return this.db(FINDINGS).where('hour', '<', olderThan).delete();
  }

  private isSqlite(): boolean {
    return String(this.db.client.config.client).includes('sqlite');
  }

  async listEvents(query: {
    cluster: string;
    namespace: string;
    name: string;
    limit: number;
    types?: HistoryEventType[];
  }): Promise<HistoryEvent[]> {
    let q = this.db(HISTORY)
      .where({
        cluster: query.cluster,
        namespace: query.namespace,
        name: query.name,
      })
      .orderBy(NEWEST_FIRST)
      .limit(query.limit);
    if (query.types?.length) q = q.whereIn('type', query.types);
    const rows = await q;
    return rows.map(toEvent);
  }

  /** Deletes events older than the cutoff; returns how many. */
  async pruneEvents(olderThan: Date): Promise<number> {
    return this.db(HISTORY).where('at', '<', olderThan).delete();
  }

  async loadLastStates(): Promise<LastState[]> {
    const rows = await this.db(LAST_STATE).select();
    return rows.map(fromLastStateRow);
  }

  /**
   * Moves each stored last state from `previous` to `next` only where it still is `previous`:
   * true for the moves this call made, false where another replica moved it first. One
   * transaction per batch, not one commit per row.
   */
  async claimTransitions(
    moves: Array<{ previous: LastState; next: LastState }>,
  ): Promise<boolean[]> {
    const claimed: boolean[] = [];
    for (let i = 0; i < moves.length; i += BATCH) {
      await this.db.transaction(async tx => {
        for (const { previous, next } of moves.slice(i, i + BATCH)) {
          const was = lastStateRow(previous);
          const query = tx(LAST_STATE).where({
            cluster: was.cluster,
            namespace: was.namespace,
            name: was.name,
            health: was.health,
          });
          for (const column of [
            'last_sync_time',
            'secret_changed_at',
          ] as const) {
            const value = was[column];
            if (value === null) query.whereNull(column);
            else query.where(column, value);
          }
          claimed.push((await query.update(lastStateRow(next))) > 0);
        }
      });
    }
    return claimed;
  }

  /** First states of ExternalSecrets seen for the first time; a row another replica wrote stays. */
  async addFirstStates(states: LastState[]): Promise<void> {
    const rows = states.map(lastStateRow);
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.db(LAST_STATE)
        .insert(rows.slice(i, i + BATCH))
        .onConflict(['cluster', 'namespace', 'name'])
        .ignore();
    }
  }

  async loadSecretHashes(): Promise<SecretHash[]> {
    const rows = await this.db(HASHES).select();
    return rows.map(row => ({
      cluster: row.cluster,
      namespace: row.namespace,
      name: row.name,
      dataHash: row.data_hash,
      changedAt: toIso(row.changed_at),
    }));
  }

  async saveSecretHashes(hashes: SecretHash[]): Promise<void> {
    const rows = hashes.map(h => ({
      cluster: h.cluster,
      namespace: h.namespace,
      name: h.name,
      data_hash: h.dataHash,
      changed_at: h.changedAt ? new Date(h.changedAt) : null,
    }));
    await this.upsert(HASHES, rows);
  }

  /** Inserts or replaces rows keyed by ExternalSecret/Secret identity, in bounded batches. */
  private async upsert(
    table: string,
    rows: object[],
    keys = ['cluster', 'namespace', 'name'],
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.db(table)
        .insert(rows.slice(i, i + BATCH))
        .onConflict(keys)
        .merge();
    }
  }
}
