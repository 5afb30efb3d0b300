import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ProviderMetadata,
  ProviderState,
} from '@eso-health/plugin-external-secrets-common';
import { ListenerSet } from '../lib/ListenerSet';
import { ProviderListingStore, StoredListing } from './ProviderListingStore';
import { ProviderMetadataSource } from './types';

export interface StoredProviderSourceOptions {
  store: ProviderListingStore;
  /** Every configured scope, so one never refreshed still shows in the report. */
  scopes: Array<{
    provider: string;
    scope: string;
    /** The provider's name for people. */
    title?: string;
    /** The scope for people. */
    source?: string;
  }>;
  /** How often the database is checked for listings another replica wrote. */
  pollSeconds: number;
  logger: LoggerService;
}

/**
 * The provider listings the refresh task stored, held in memory on every replica: the
 * database is polled cheaply (one timestamp per scope) and a listing is read only when it
 * changed.
 */
export class StoredProviderSource implements ProviderMetadataSource {
  private readonly options: StoredProviderSourceOptions;
  private readonly listeners = new ListenerSet();
  private entries = new Map<string, StoredListing>();
  private timer?: NodeJS.Timeout;

  constructor(options: StoredProviderSourceOptions) {
    this.options = options;
  }

  async start(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => {
      this.reload().catch(error =>
        this.options.logger.warn(
          `Could not read provider metadata from the database: ${error}`,
        ),
      );
    }, this.options.pollSeconds * 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
  }

  /** Reads the scopes whose stored refresh changed; notifies listeners when any did. */
  async reload(): Promise<void> {
    const versions = await this.options.store.versions();
    const next = new Map(this.entries);
    let changed = false;
    for (const [scope, attemptedAt] of versions) {
      if (this.entries.get(scope)?.attemptedAt === attemptedAt) continue;
      const entry = await this.options.store.get(scope);
      if (entry) {
        next.set(scope, entry);
        changed = true;
      }
    }
    if (changed) {
      this.entries = next;
      this.listeners.notify();
    }
  }

  metadata(): ProviderMetadata {
    const metadata: ProviderMetadata = {};
    for (const { scope } of this.options.scopes) {
      const listing = this.entries.get(scope)?.listing;
      if (listing) metadata[scope] = listing;
    }
    return metadata;
  }

  states(): ProviderState[] {
    // A scope never refreshed yet shows as ok, without a refresh time.
    return this.options.scopes.map(({ provider, scope, title, source }) => {
      const entry = this.entries.get(scope);
      const note = entry?.listing?.note;
      return {
        provider,
        scope,
        ...(title ? { title } : {}),
        ...(source ? { source } : {}),
        ...(note ? { note } : {}),
        status: entry?.status ?? 'ok',
        ...(entry?.error ? { error: entry.error } : {}),
        ...(entry?.warnings.length ? { warnings: entry.warnings } : {}),
        refreshedAt: entry?.refreshedAt ?? null,
      };
    });
  }

  onChange(listener: () => void): () => void {
    return this.listeners.add(listener);
  }
}
