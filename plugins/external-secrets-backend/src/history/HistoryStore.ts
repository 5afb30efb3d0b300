import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  Health,
  HistoryEvent,
  HistoryEventType,
} from '@eso-health/plugin-external-secrets-common';
import { Knex } from 'knex';
import { openDatabase } from '../database/openDatabase';
import { toIso } from '../database/toIso';

const HISTORY = 'external_secrets_history';
const LAST_STATE = 'external_secrets_last_state';
const HASHES = 'external_secrets_secret_hashes';
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

export interface SecretHash {
  cluster: string;
  namespace: string;
  name: string;
  dataHash: string;
  changedAt: string | null;
}

/** Plugin database access: history events and the last known state, via knex migrations. */
export class HistoryStore {
  static async create(database: DatabaseService): Promise<HistoryStore> {
    return new HistoryStore(await openDatabase(database));
  }

  constructor(private readonly db: Knex) {}

  async addEvents(events: HistoryEvent[]): Promise<void> {
    const rows = events.map(e => ({
      cluster: e.cluster,
      namespace: e.namespace,
      name: e.name,
      type: e.type,
      at: new Date(e.at),
      detail: e.detail,
    }));
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.db(HISTORY).insert(rows.slice(i, i + BATCH));
    }
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
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(query.limit);
    if (query.types?.length) q = q.whereIn('type', query.types);
    const rows = await q;
    return rows.map(row => ({
      cluster: row.cluster,
      namespace: row.namespace,
      name: row.name,
      type: row.type,
      at: toIso(row.at)!,
      detail: row.detail,
    }));
  }

  /** Deletes events older than the cutoff; returns how many. */
  async pruneEvents(olderThan: Date): Promise<number> {
    return this.db(HISTORY).where('at', '<', olderThan).delete();
  }

  async loadLastStates(): Promise<LastState[]> {
    const rows = await this.db(LAST_STATE).select();
    return rows.map(row => ({
      cluster: row.cluster,
      namespace: row.namespace,
      name: row.name,
      health: row.health,
      lastSyncTime: toIso(row.last_sync_time),
      secretChangedAt: toIso(row.secret_changed_at),
    }));
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
  private async upsert(table: string, rows: object[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.db(table)
        .insert(rows.slice(i, i + BATCH))
        .onConflict(['cluster', 'namespace', 'name'])
        .merge();
    }
  }
}
