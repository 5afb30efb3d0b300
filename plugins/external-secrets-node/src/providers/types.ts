import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ProviderRegionMetadata,
  ProviderSecretMetadata,
} from '@eso-health/plugin-external-secrets-common';

/**
 * What a collector may read about the cluster side while refreshing one scope.
 *
 * @public
 */
export interface ProviderCollectContext {
  /** The last good listing of this scope (with its confirmations), when there is one. */
  previous?: ProviderRegionMetadata;
  /**
   * Secrets of a fresh listing that an ExternalSecret last synced before their change time,
   * so their current version's creation time is worth one metadata call each.
   */
  providerAheadCandidates(
    listing: ProviderRegionMetadata,
  ): ProviderSecretMetadata[];
  /**
   * Secrets of a listing that at least one ExternalSecret reads: a provider whose listing
   * gives names only (Vault's LIST) reads the details of these alone.
   */
  readSecrets(listing: ProviderRegionMetadata): ProviderSecretMetadata[];
  logger: LoggerService;
}

/**
 * One refresh of one scope.
 *
 * @public
 */
export interface ProviderCollectResult {
  listing: ProviderRegionMetadata;
  /** Calls made to the provider's API, by operation name. */
  apiCalls: Record<string, number>;
  /** Problems that did not stop the listing, e.g. a denied confirmation call. */
  warnings: string[];
}

/** @public */
export type ProviderCollectFailure =
  | 'access-denied'
  | 'throttled'
  | 'unavailable'
  | 'invalid-credentials'
  | 'unknown';

/**
 * A refresh that produced no listing; the message says what to do and never quotes a value.
 *
 * @public
 */
export class ProviderCollectError extends Error {
  constructor(
    message: string,
    readonly reason: ProviderCollectFailure,
    readonly apiCalls: Record<string, number> = {},
  ) {
    super(message);
    this.name = 'ProviderCollectError';
  }
}

/**
 * Reads one secret provider's metadata (never values). Each configured account/region is a
 * scope with its own listing, refreshed by one scheduled task across all backend replicas.
 *
 * @public
 */
export interface ProviderCollector {
  /** The id of the `SecretProvider` whose listings it writes, e.g. `aws`, `vault`. */
  readonly provider: string;
  /** The provider's name for people, e.g. `HashiCorp Vault KV v2`; defaults to the id. */
  readonly title?: string;
  /** A scope for people, e.g. `payments-prod (eu-west-1)`; defaults to the scope id. */
  describeScope?(scope: string): string;
  /** The scope ids it refreshes, e.g. `aws/payments-prod/eu-west-1`; unique across collectors. */
  scopes(): string[];
  /** Refreshes one scope; throws {@link ProviderCollectError} when no listing could be read. */
  collect(
    scope: string,
    context: ProviderCollectContext,
  ): Promise<ProviderCollectResult>;
}
