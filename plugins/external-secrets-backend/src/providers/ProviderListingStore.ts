import { ProviderRegionMetadata } from '@eso-health/plugin-external-secrets-common';
import { Knex } from 'knex';
import { toIso } from '../database/toIso';

const TABLE = 'external_secrets_provider_listings';

/** The stored outcome of a scope's latest refresh, and its last good listing. */
export interface StoredListing {
  scope: string;
  provider: string;
  listing: ProviderRegionMetadata | null;
  refreshedAt: string | null;
  attemptedAt: string;
  status: 'ok' | 'error';
  error: string | null;
  warnings: string[];
  apiCalls: Record<string, number>;
  durationMs: number;
}

interface Row {
  scope: string;
  provider: string;
  listing: string | null;
  refreshed_at: Date | string | null;
  attempted_at: Date | string;
  status: string;
  error: string | null;
  warnings: string;
  api_calls: string;
  duration_ms: number;
}

function fromRow(row: Row): StoredListing {
  return {
    scope: row.scope,
    provider: row.provider,
    listing: row.listing ? JSON.parse(row.listing) : null,
    refreshedAt: toIso(row.refreshed_at),
    attemptedAt: toIso(row.attempted_at)!,
    status: row.status === 'ok' ? 'ok' : 'error',
    error: row.error,
    warnings: JSON.parse(row.warnings),
    apiCalls: JSON.parse(row.api_calls),
    durationMs: row.duration_ms,
  };
}

/**
 * Provider listings in the plugin database, so that every backend replica serves what the one
 * replica running the refresh task read.
 */
export class ProviderListingStore {
  constructor(private readonly db: Knex) {}

  async get(scope: string): Promise<StoredListing | undefined> {
    const row = await this.db<Row>(TABLE).where({ scope }).first();
    return row ? fromRow(row) : undefined;
  }

  async list(): Promise<StoredListing[]> {
    const rows = await this.db<Row>(TABLE).select();
    return rows.map(fromRow);
  }

  /** When each scope last changed: a cheap query to poll before reading listings. */
  async versions(): Promise<Map<string, string>> {
    const rows = await this.db<Row>(TABLE).select('scope', 'attempted_at');
    return new Map(rows.map(r => [r.scope, toIso(r.attempted_at)!]));
  }

  async saveSuccess(entry: {
    scope: string;
    provider: string;
    listing: ProviderRegionMetadata;
    attemptedAt: Date;
    warnings: string[];
    apiCalls: Record<string, number>;
    durationMs: number;
  }): Promise<void> {
    const row: Row = {
      scope: entry.scope,
      provider: entry.provider,
      listing: JSON.stringify(entry.listing),
      refreshed_at: new Date(entry.listing.refreshedAt),
      attempted_at: entry.attemptedAt,
      status: 'ok',
      error: null,
      warnings: JSON.stringify(entry.warnings),
      api_calls: JSON.stringify(entry.apiCalls),
      duration_ms: entry.durationMs,
    };
    await this.db<Row>(TABLE).insert(row).onConflict('scope').merge();
  }

  /** Records a failed refresh; the last good listing and its time stay as they were. */
  async saveFailure(entry: {
    scope: string;
    provider: string;
    error: string;
    attemptedAt: Date;
    apiCalls: Record<string, number>;
    durationMs: number;
  }): Promise<void> {
    const changes = {
      attempted_at: entry.attemptedAt,
      status: 'error',
      error: entry.error,
      warnings: '[]',
      api_calls: JSON.stringify(entry.apiCalls),
      duration_ms: entry.durationMs,
    };
    await this.db<Row>(TABLE)
      .insert({
        scope: entry.scope,
        provider: entry.provider,
        listing: null,
        refreshed_at: null,
        ...changes,
      })
      .onConflict('scope')
      .merge(changes);
  }
}
