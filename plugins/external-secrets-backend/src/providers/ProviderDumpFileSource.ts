import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  defaultSecretProviders,
  parseAwsListSecrets,
  parseSsmDescribeParameters,
  parseVaultMetadataDump,
  ProviderMetadata,
  ProviderState,
} from '@eso-health/plugin-external-secrets-common';
import { ListenerSet } from '../lib/ListenerSet';
import { Replay, ReplayedValue } from '../lib/Replay';
import { readAndWatch } from '../lib/watchPath';
import { ProviderMetadataSource } from './types';

/** The provider dumps a file may hold, as the drift CLI reads them. */
export const PROVIDER_DUMP_FORMATS = {
  'aws-list-secrets': {
    provider: 'aws',
    what: 'AWS list-secrets file',
    parse: parseAwsListSecrets,
  },
  'ssm-describe-parameters': {
    provider: 'aws-parameter-store',
    what: 'aws ssm describe-parameters file',
    parse: parseSsmDescribeParameters,
  },
  'vault-metadata': {
    provider: 'vault',
    what: 'Vault KV metadata dump',
    parse: parseVaultMetadataDump,
  },
} as const;

export type ProviderDumpFormat = keyof typeof PROVIDER_DUMP_FORMATS;

export interface ProviderDumpFileSourceOptions {
  /** A file with a provider dump of this format. */
  path: string;
  format: ProviderDumpFormat;
  /** Shows the listing as if taken at another time (`externalSecrets.replay`). */
  replay?: Replay;
  logger: LoggerService;
}

/**
 * Offline provider metadata from a dump file (AWS list-secrets, SSM describe-parameters, Vault
 * KV metadata), re-read when it changes (demo and replay). The listing counts as refreshed
 * when the file was written, or at the replay's capture time.
 */
export class ProviderDumpFileSource implements ProviderMetadataSource {
  private readonly options: ProviderDumpFileSourceOptions;
  private readonly listeners = new ListenerSet();
  private readonly current: ReplayedValue<ProviderMetadata>;
  private error?: string;
  private stopWatching?: () => Promise<void>;

  constructor(options: ProviderDumpFileSourceOptions) {
    this.options = options;
    this.current = new ReplayedValue<ProviderMetadata>({}, options.replay);
  }

  async start(): Promise<void> {
    this.stopWatching = await readAndWatch(this.options.path, () =>
      this.reload(),
    );
  }

  async stop(): Promise<void> {
    await this.stopWatching?.();
  }

  /** Listings keyed `<provider>/<key>`, the scope ids shown in reports. */
  metadata(): ProviderMetadata {
    const metadata: ProviderMetadata = {};
    for (const [key, listing] of Object.entries(this.current.get()))
      metadata[
        key.startsWith(`${listing.provider}/`)
          ? key
          : `${listing.provider}/${key}`
      ] = listing;
    return metadata;
  }

  states(): ProviderState[] {
    const { provider } = PROVIDER_DUMP_FORMATS[this.options.format];
    const title = defaultSecretProviders.find(p => p.id === provider)?.title;
    const listings = Object.entries(this.metadata());
    const common = {
      provider,
      ...(title ? { title } : {}),
      ...(this.error ? { error: this.error } : {}),
    };
    if (listings.length === 0 && this.error) {
      return [
        {
          ...common,
          scope: this.options.path,
          source: this.options.path,
          status: 'error',
          refreshedAt: null,
        },
      ];
    }
    return listings.map(([scope, listing]) => ({
      ...common,
      scope,
      source: `${listing.region} (from ${basename(this.options.path)})`,
      status: this.error ? 'error' : 'ok',
      refreshedAt: listing.refreshedAt,
    }));
  }

  onChange(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  private async reload(): Promise<void> {
    try {
      const [stat, text] = await Promise.all([
        fs.stat(this.options.path),
        fs.readFile(this.options.path, 'utf8'),
      ]);
      this.current.set(
        PROVIDER_DUMP_FORMATS[this.options.format].parse(text, {
          refreshedAt:
            this.options.replay?.capturedAt ?? stat.mtime.toISOString(),
          source: this.options.path,
        }),
      );
      this.error = undefined;
    } catch (error) {
      this.error = `cannot read ${
        PROVIDER_DUMP_FORMATS[this.options.format].what
      } ${this.options.path}: ${
        (error as Error).message
      }; fix the file, the last readable content is used until then`;
      this.options.logger.warn(this.error);
    }
    this.listeners.notify();
  }
}
