import { SecretStoreView } from '../kubernetes/readSecretStore';
import { isRecord } from '../kubernetes/untrusted';
import { ProviderMetadata } from '../types/provider';
import { defaultSecretProviders } from './defaultProviders';
import { ScopedListing, SecretProvider, StoreResolver } from './types';

/**
 * A store matched to the provider that serves it, with its key resolver.
 *
 * @public
 */
export interface StoreProvider extends StoreResolver {
  provider: SecretProvider;
  /** Where the store reads from, e.g. `AWS Secrets Manager (eu-west-1)`. */
  location: string;
  prefix: string | null;
}

/** @public */
export interface ProviderIndex {
  /** The provider serving a store; undefined when none of the given providers does. */
  forStore(store: SecretStoreView | undefined): StoreProvider | undefined;
}

/**
 * Indexes loaded provider metadata for one evaluation pass: each provider gets the listings it
 * wrote (by their `provider` id) and indexes them once; each store is matched once.
 *
 * @public
 */
export function indexProviderMetadata(
  metadata: ProviderMetadata | undefined,
  providers: readonly SecretProvider[] = defaultSecretProviders,
): ProviderIndex {
  const byProvider = new Map<string, ScopedListing[]>();
  for (const [scope, listing] of Object.entries(metadata ?? {})) {
    if (!isRecord(listing) || typeof listing.provider !== 'string') continue;
    byProvider.set(listing.provider, [
      ...(byProvider.get(listing.provider) ?? []),
      { scope, listing },
    ]);
  }
  const resolvers = new Map<
    SecretProvider,
    (store: unknown) => StoreResolver
  >();
  const resolverOf = (provider: SecretProvider) => {
    let resolver = resolvers.get(provider);
    if (!resolver) {
      resolver = provider.index(byProvider.get(provider.id) ?? []);
      resolvers.set(provider, resolver);
    }
    return resolver;
  };
  const matched = new WeakMap<SecretStoreView, StoreProvider | null>();
  return {
    forStore(store) {
      if (!store) return undefined;
      const known = matched.get(store);
      if (known !== undefined) return known ?? undefined;
      let result: StoreProvider | null = null;
      for (const provider of providers) {
        const settings = provider.matchStore(store.providerSpec);
        if (settings === undefined) continue;
        const resolver = resolverOf(provider)(settings);
        result = {
          provider,
          location: provider.describeStore(settings),
          prefix: provider.keyPrefix(settings),
          scope: resolver.scope,
          resolve: key => resolver.resolve(key),
        };
        break;
      }
      matched.set(store, result);
      return result ?? undefined;
    },
  };
}
