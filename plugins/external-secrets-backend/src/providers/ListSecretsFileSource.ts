import { promises as fs } from 'node:fs';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  parseAwsListSecrets,
  ProviderMetadata,
  ProviderState,
  shiftTimestamps,
} from '@eso-health/plugin-external-secrets-common';
import { ListenerSet } from '../sources/ListenerSet';
import { watchPath } from '../sources/watchPath';
import { ProviderMetadataSource } from './types';

export interface ListSecretsFileSourceOptions {
  /** A file with the JSON of `aws secretsmanager list-secrets --include-planned-deletion`. */
  path: string;
  shiftMs?: number;
  logger: LoggerService;
  clock?: () => Date;
}

/** Offline AWS metadata from a list-secrets file, re-read when it changes (demo and replay). */
export class ListSecretsFileSource implements ProviderMetadataSource {
  private readonly options: ListSecretsFileSourceOptions;
  private readonly listeners = new ListenerSet();
  private current: ProviderMetadata = {};
  private error?: string;
  private stopWatching?: () => Promise<void>;

  constructor(options: ListSecretsFileSourceOptions) {
    this.options = options;
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
    return this.current;
  }

  states(): ProviderState[] {
    const scopes = Object.values(this.current).map(region => ({
      provider: 'aws',
      scope: `aws/${region.region}`,
      status: this.error ? ('error' as const) : ('ok' as const),
      ...(this.error ? { error: this.error } : {}),
      refreshedAt: region.refreshedAt,
    }));
    if (scopes.length === 0 && this.error) {
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
    return scopes;
  }

  onChange(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  private async reload(): Promise<void> {
    const clock = this.options.clock ?? (() => new Date());
    try {
      const stat = await fs.stat(this.options.path);
      const text = await fs.readFile(this.options.path, 'utf8');
      const capturedAt = new Date(stat.mtimeMs + (this.options.shiftMs ?? 0));
      const refreshedAt = (
        this.options.shiftMs ? clock() : capturedAt
      ).toISOString();
      const parsed = parseAwsListSecrets(text, {
        refreshedAt,
        source: this.options.path,
      });
      this.current = this.options.shiftMs
        ? shiftTimestamps(parsed, this.options.shiftMs)
        : parsed;
      for (const region of Object.values(this.current))
        region.refreshedAt = refreshedAt;
      this.error = undefined;
    } catch (error) {
      this.error = `cannot read AWS list-secrets file ${this.options.path}: ${
        (error as Error).message
      }`;
      this.options.logger.warn(this.error);
    }
    this.listeners.notify();
  }
}
