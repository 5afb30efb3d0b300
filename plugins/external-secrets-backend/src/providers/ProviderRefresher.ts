import { LoggerService } from '@backstage/backend-plugin-api';
import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import {
  ProviderRegionMetadata,
  ProviderSecretMetadata,
} from '@eso-health/plugin-external-secrets-common';
import {
  ProviderCollectError,
  ProviderCollector,
} from '@eso-health/plugin-external-secrets-node';
import { ProviderListingStore } from './ProviderListingStore';

export interface ProviderRefresherOptions {
  collectors: ProviderCollector[];
  store: ProviderListingStore;
  /** Provider-ahead candidates of a scope's fresh listing, judged against the clusters as they are now. */
  providerAheadCandidates(
    scope: string,
    listing: ProviderRegionMetadata,
  ): ProviderSecretMetadata[];
  /** The secrets of a scope's fresh listing that an ExternalSecret reads. */
  readSecrets(
    scope: string,
    listing: ProviderRegionMetadata,
  ): ProviderSecretMetadata[];
  logger: LoggerService;
  metrics?: MetricsService;
}

/**
 * One refresh cycle of every provider scope, run by a global scheduler task (one replica at a
 * time). Each scope's outcome goes to the database; a failed scope keeps its last good listing
 * and reports the failure once, not once per secret. A failure is logged when it first appears
 * or changes, not on every cycle.
 */
export class ProviderRefresher {
  private readonly options: ProviderRefresherOptions;
  private readonly apiCallsPerRefresh;
  private readonly apiCalls;
  private readonly duration;

  constructor(options: ProviderRefresherOptions) {
    this.options = options;
    this.apiCallsPerRefresh = options.metrics?.createHistogram(
      'external_secrets.provider.refresh.api_calls',
      {
        description:
          'Provider API calls (retries included) made by one refresh of one account/region',
        unit: '{call}',
      },
    );
    this.apiCalls = options.metrics?.createCounter(
      'external_secrets.provider.api_calls',
      {
        description: 'Provider API calls (retries included), by operation',
        unit: '{call}',
      },
    );
    this.duration = options.metrics?.createHistogram(
      'external_secrets.provider.refresh.duration',
      {
        description: 'Wall time of one refresh of one account/region',
        unit: 's',
      },
    );
  }

  async refreshAll(): Promise<void> {
    for (const collector of this.options.collectors) {
      for (const scope of collector.scopes()) {
        await this.refresh(collector, scope);
      }
    }
  }

  private async refresh(
    collector: ProviderCollector,
    scope: string,
  ): Promise<void> {
    const { store, logger } = this.options;
    const previous = await store.get(scope);
    const started = Date.now();
    try {
      const result = await collector.collect(scope, {
        previous: previous?.listing ?? undefined,
        providerAheadCandidates: listing =>
          this.options.providerAheadCandidates(scope, listing),
        readSecrets: listing => this.options.readSecrets(scope, listing),
        logger,
      });
      const durationMs = Date.now() - started;
      await store.saveSuccess({
        scope,
        provider: collector.provider,
        listing: result.listing,
        attemptedAt: new Date(),
        warnings: result.warnings,
        apiCalls: result.apiCalls,
        durationMs,
      });
      this.record(collector.provider, scope, result.apiCalls, durationMs);
      if (previous?.status === 'error')
        logger.info(`Provider metadata of ${scope} refreshed again`);
      for (const warning of result.warnings) {
        if (!previous?.warnings.includes(warning)) logger.warn(warning);
      }
    } catch (error) {
      const durationMs = Date.now() - started;
      const apiCalls =
        error instanceof ProviderCollectError ? error.apiCalls : {};
      const message =
        error instanceof ProviderCollectError
          ? error.message
          : `${scope}: refresh failed (${error}); it is retried on the next refresh.`;
      await store.saveFailure({
        scope,
        provider: collector.provider,
        error: message,
        attemptedAt: new Date(),
        apiCalls,
        durationMs,
      });
      this.record(collector.provider, scope, apiCalls, durationMs);
      if (previous?.error !== message) logger.warn(message);
    }
  }

  private record(
    provider: string,
    scope: string,
    apiCalls: Record<string, number>,
    durationMs: number,
  ): void {
    const total = Object.values(apiCalls).reduce((sum, n) => sum + n, 0);
    this.apiCallsPerRefresh?.record(total, { provider, scope });
    this.duration?.record(durationMs / 1000, { provider, scope });
    for (const [operation, count] of Object.entries(apiCalls))
      this.apiCalls?.add(count, { provider, scope, operation });
  }
}
