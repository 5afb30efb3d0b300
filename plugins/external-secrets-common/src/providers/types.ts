import {
  ProviderRegionMetadata,
  ProviderSecretMetadata,
} from '../types/provider';

/**
 * A loaded listing with the scope id it is stored under (e.g. `vault/lab/secret`).
 *
 * @public
 */
export interface ScopedListing {
  scope: string;
  listing: ProviderRegionMetadata;
}

/**
 * What provider metadata says about one remote key.
 *
 * @public
 */
export type ProviderKeyLookup =
  /**
   * No listing covers the key: its source is not loaded, the store reads another account or
   * server, or the key is outside the listed prefixes. Absence then proves nothing.
   */
  | { status: 'not-loaded' }
  | {
      status: 'found';
      secret: ProviderSecretMetadata;
      listing: ProviderRegionMetadata;
      scope: string;
    }
  | { status: 'absent'; listing: ProviderRegionMetadata; scope: string };

/**
 * How one store reads its provider, as far as the loaded listings tell.
 *
 * @public
 */
export interface StoreResolver {
  /** The listing the store's plain keys resolve against, when one is loaded. */
  scope?: string;
  /** Resolves a remote key (before the store's prefix) as ESO would. */
  resolve(key: string): ProviderKeyLookup;
}

/**
 * Each provider's own words for the messages and remedies of the provider rules.
 *
 * @public
 */
export interface ProviderWording {
  /** What the metadata is called in "… as of <time>", e.g. `AWS data`, `Vault metadata`. */
  dataName: string;
  /** The remote secret as a person names it, e.g. `AWS secret "db"`, `Vault secret "secret/db"`. */
  secret(fullKey: string): string;
  /**
   * How the current value changed, completing "<secret> …, after the last sync": from the
   * current version's creation time (`version`) or a change time that also moves on metadata
   * edits (`change-time`).
   */
  changed(
    secret: ProviderSecretMetadata,
    evidence: 'version' | 'change-time',
  ): string;
  /** The next step for a sync refused for access, e.g. which permission the store's identity needs. */
  accessRemedy: string;
  /** Where a key was looked for, e.g. `AWS Secrets Manager in eu-west-1`. */
  where(listing: ProviderRegionMetadata): string;
  /** What to do about an absent key. */
  absentRemedy(listing: ProviderRegionMetadata, hasPrefix: boolean): string;
  /** Why a deleted (scheduled, deleted or destroyed) current value cannot be read, and what to do. */
  deleted(
    secret: ProviderSecretMetadata,
    listing: ProviderRegionMetadata,
  ): {
    /** e.g. `is scheduled for deletion`. */
    state: string;
    /** e.g. `deleted 2026-11-02T10:00:00Z`. */
    detail?: string;
    remedy: string;
  };
  /** What to do about a rotation that did not happen (providers with rotation schedules). */
  rotationRemedy?(
    secret: ProviderSecretMetadata,
    listing: ProviderRegionMetadata,
  ): string;
  /** What to do about a value that expires (providers with expiry). */
  expiryRemedy?(
    secret: ProviderSecretMetadata,
    listing: ProviderRegionMetadata,
  ): string;
}

/**
 * One secret provider as the engine sees it: which stores it serves, how it resolves a store's
 * remote keys against its listings, and its wording. Pure (no I/O): the backend, its modules
 * and the drift CLI share it. The engine and the rules never name a provider; they only call
 * these functions.
 *
 * @public
 */
export interface SecretProvider<Store = unknown> {
  /** The `provider` of the listings it reads, e.g. `aws`, `vault`; unique. */
  id: string;
  /** For people, e.g. `AWS Secrets Manager`, `HashiCorp Vault KV v2`. */
  title: string;
  /**
   * Reads a store's `spec.provider` block; undefined when this provider does not serve the
   * store (another provider key, another service, or settings it cannot resolve keys with).
   */
  matchStore(providerSpec: Record<string, unknown>): Store | undefined;
  /** Where a matched store reads from, for messages, e.g. `AWS Secrets Manager (eu-west-1)`. */
  describeStore(store: Store): string;
  /** The store's own prefix, prepended to every remote key (shown in messages). */
  keyPrefix(store: Store): string | null;
  /** Indexes this provider's listings once; returns the resolver of each matched store. */
  index(listings: ScopedListing[]): (store: Store) => StoreResolver;
  wording: ProviderWording;
}

/**
 * Declares a provider, keeping its store type inside it.
 *
 * @public
 */
export function defineSecretProvider<Store>(
  provider: SecretProvider<Store>,
): SecretProvider {
  return provider as unknown as SecretProvider;
}
