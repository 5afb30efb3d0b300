import { promises as fs } from 'node:fs';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  parseAwsListSecrets,
  ProviderMetadata,
  ProviderState,
} from '@eso-health/plugin-external-secrets-common';
import { ListenerSet } from '../sources/ListenerSet';
import { Replay, ReplayedValue } from '../sources/Replay';
import { watchPath } from '../sources/watchPath';
import { ProviderMetadataSource } from './types';

export interface ListSecretsFileSourceOptions {
  /** A file with the JSON of `aws secretsmanager list-secrets --include-planned-deletion`. */
  path: string;
  /** Shows the listing as if taken at another time (`externalSecrets.replay`). */
  replay?: Replay;
  logger: LoggerService;
}

/**
 * Offline AWS metadata from a list-secrets file, re-read when it changes (demo and replay).
 * The listing counts as refreshed when the file was written, or at the replay's capture time.
 */
export class ListSecretsFileSource implements ProviderMetadataSource {
  private readonly options: ListSecretsFileSourceOptions;
  private readonly listeners = new ListenerSet();
  private readonly current: ReplayedValue<ProviderMetadata>;
  private error?: string;
  private stopWatching?: () => Promise<void>;

  constructor(options: ListSecretsFileSourceOptions) {
    this.options = options;
    this.current = new ReplayedValue<ProviderMetadata>({}, options.replay);
  }

  async start(): Promise<void> {
    await this.reload();
    this.stopWatching = watchPath(this.options.path, () => {
      this.reload();
    });
  }

  async stop(): Promise<void> {
    await this.stopWatching?.();
  }

  metadata(): ProviderMetadata {
    return this.current.get();
  }

  states(): ProviderState[] {
    const regions = Object.values(this.metadata());
    if (regions.length === 0 && this.error) {
      return [
        {
          provider: 'aws',
          scope: this.options.path,
          status: 'error',
          error: this.error,
          refreshedAt: null,
        },
      ];
    }
    return regions.map(region => ({
      provider: 'aws',
      scope: `aws/${region.region}`,
      status: this.error ? 'error' : 'ok',
      ...(this.error ? { error: this.error } : {}),
      refreshedAt: region.refreshedAt,
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
        parseAwsListSecrets(text, {
          refreshedAt:
            this.options.replay?.capturedAt ?? stat.mtime.toISOString(),
          source: this.options.path,
        }),
      );
      this.error = undefined;
    } catch (error) {
      this.error = `cannot read AWS list-secrets file ${this.options.path}: ${
        (error as Error).message
      }; fix the file, the last readable content is used until then`;
      this.options.logger.warn(this.error);
    }
    this.listeners.notify();
  }
}
