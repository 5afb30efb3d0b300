import { isRecord, str } from '../../kubernetes/untrusted';
import {
  ProviderRegionMetadata,
  ProviderSecretMetadata,
} from '../../types/provider';
import {
  defineSecretProvider,
  ProviderKeyLookup,
  ProviderWording,
  ScopedListing,
  SecretProvider,
  StoreResolver,
} from '../types';
import { roleArnAccount } from './arns';

/**
 * The settings of an ESO `aws` store that pick a listing and build a key.
 *
 * @public
 */
export interface AwsStore {
  /** `SecretsManager` (also when unset) or `ParameterStore`. */
  service: string;
  region: string;
  /** IAM role ESO assumes (`spec.provider.aws.role`): it picks the account whose listing applies. */
  role: string | null;
  /** Prepended by ESO to every remote key. */
  prefix: string | null;
}

/** Reads `spec.provider` for one AWS service; undefined for other providers or a store without region. */
export function matchAwsStore(
  spec: Record<string, unknown>,
  service: 'SecretsManager' | 'ParameterStore',
): AwsStore | undefined {
  const aws = isRecord(spec.aws) ? spec.aws : undefined;
  const region = str(aws?.region);
  if (!aws || !region || (str(aws.service) ?? 'SecretsManager') !== service)
    return undefined;
  return {
    service,
    region,
    role: str(aws.role) ?? null,
    prefix: str(aws.prefix) ?? null,
  };
}

/** One indexed AWS listing: its ids, the accounts it speaks for, and its name prefixes. */
export interface AwsListing<Entry> {
  scoped: ScopedListing;
  byId: Map<string, Entry>;
  /** Its own account id and those of its ARNs. */
  accounts: Set<string>;
  prefixes: string[];
}

/** Whether a listing limited to name prefixes covers this name. */
export function covers(listing: AwsListing<unknown>, name: string): boolean {
  return (
    listing.prefixes.length === 0 ||
    listing.prefixes.some(prefix => name.startsWith(prefix))
  );
}

export function listingPrefixes(metadata: ProviderRegionMetadata): string[] {
  return Array.isArray(metadata.namePrefixes)
    ? metadata.namePrefixes.filter(
        (p): p is string => typeof p === 'string' && p !== '',
      )
    : [];
}

/**
 * Groups one AWS service's listings by region, indexing each on first use, and picks the one a
 * store reads through: its role's listing or account, else the region's first listing.
 */
export function awsListingsByRegion<Entry>(
  listings: ScopedListing[],
  build: (scoped: ScopedListing) => AwsListing<Entry>,
) {
  const byRegion = new Map<string, ScopedListing[]>();
  for (const scoped of listings) {
    const region = str(scoped.listing.region);
    if (!region) continue;
    byRegion.set(region, [...(byRegion.get(region) ?? []), scoped]);
  }
  const built = new Map<ScopedListing, AwsListing<Entry>>();
  const indexOf = (scoped: ScopedListing) => {
    let index = built.get(scoped);
    if (!index) {
      index = build(scoped);
      built.set(scoped, index);
    }
    return index;
  };
  const inRegion = (region: string) =>
    (byRegion.get(region) ?? []).map(indexOf);
  const forStore = ({
    region,
    role,
  }: AwsStore): AwsListing<Entry> | undefined => {
    const candidates = inRegion(region);
    if (!role) return candidates[0];
    const account = roleArnAccount(role);
    return (
      candidates.find(l => l.scoped.listing.roleArn === role) ??
      candidates.find(l => account !== undefined && l.accounts.has(account))
    );
  };
  return { inRegion, forStore };
}

/**
 * A key looked up in one listing: found by `id`, else absent when the listing covers `name`
 * (its name prefixes), else not loaded (absence proves nothing outside the prefixes).
 */
export function lookupIn(
  listing: AwsListing<ProviderSecretMetadata>,
  id: string,
  name: string,
): ProviderKeyLookup {
  const { scope, listing: metadata } = listing.scoped;
  const secret = listing.byId.get(id);
  if (secret) return { status: 'found', secret, listing: metadata, scope };
  return covers(listing, name)
    ? { status: 'absent', listing: metadata, scope }
    : { status: 'not-loaded' };
}

/**
 * A key given as an ARN, looked up in its own region: found in the listing holding it, else
 * absent in a listing of its account whose prefixes cover `name`, else not loaded (another
 * account's ARN, or one outside the prefixes: absence proves nothing).
 */
export function lookupArn(
  candidates: AwsListing<ProviderSecretMetadata>[],
  id: string,
  arn: { account: string; name: string },
): ProviderKeyLookup {
  const holder =
    candidates.find(l => l.byId.has(id)) ??
    candidates.find(l => l.accounts.has(arn.account) && covers(l, arn.name));
  return holder ? lookupIn(holder, id, arn.name) : { status: 'not-loaded' };
}

/**
 * The `index` of an AWS provider: a store's key (after its prefix) that is an ARN of the
 * service (`parseArn`) is looked up in the ARN's own region and account; any other key in the
 * listing the store reads through (`awsListingsByRegion`).
 */
export function indexAwsListings(
  listings: ScopedListing[],
  build: (scoped: ScopedListing) => AwsListing<ProviderSecretMetadata>,
  parseArn: (
    id: string,
  ) => { region: string; account: string; name: string } | undefined,
): (store: AwsStore) => StoreResolver {
  const { inRegion, forStore } = awsListingsByRegion(listings, build);
  return store => {
    const listing = forStore(store);
    return {
      scope: listing?.scoped.scope,
      resolve(key) {
        const id = `${store.prefix ?? ''}${key}`;
        const arn = id.startsWith('arn:') ? parseArn(id) : undefined;
        if (arn) return lookupArn(inRegion(arn.region), id, arn);
        return listing ? lookupIn(listing, id, id) : { status: 'not-loaded' };
      },
    };
  };
}

/**
 * One listing indexed for lookups: every entry under each id `idsOf` gives it (name, ARN, …),
 * where a live entry wins over one pending deletion under the same id, and the accounts the
 * listing speaks for (its own, and those of its entries' ARNs).
 */
export function buildAwsListing(
  scoped: ScopedListing,
  idsOf: (entry: ProviderSecretMetadata) => Array<string | undefined>,
  accountOfArn: (arn: string) => string | undefined,
): AwsListing<ProviderSecretMetadata> {
  const { listing } = scoped;
  const byId = new Map<string, ProviderSecretMetadata>();
  const accounts = new Set<string>();
  const accountId = str(listing.accountId);
  if (accountId) accounts.add(accountId);
  for (const entry of Array.isArray(listing.secrets) ? listing.secrets : []) {
    if (!isRecord(entry)) continue;
    for (const id of idsOf(entry)) {
      const current = id ? byId.get(id) : undefined;
      if (id && (!current || (current.deletedDate && !entry.deletedDate)))
        byId.set(id, entry);
    }
    const arn = str(entry.arn);
    const account = arn ? accountOfArn(arn) : undefined;
    if (account) accounts.add(account);
  }
  return { scoped, byId, accounts, prefixes: listingPrefixes(listing) };
}

/**
 * An AWS service as a secret provider: stores of ESO's `aws` provider with this `service`, keys
 * after the store's prefix, listings indexed by the ids `idsOf` gives an entry, and ARNs of the
 * service (`parseArn`) looked up in their own region and account.
 */
export function defineAwsProvider(options: {
  id: string;
  title: string;
  /** ESO's `spec.provider.aws.service`. */
  service: 'SecretsManager' | 'ParameterStore';
  idsOf: (entry: ProviderSecretMetadata) => Array<string | undefined>;
  parseArn: (
    id: string,
  ) => { region: string; account: string; name: string } | undefined;
  wording: ProviderWording;
}): SecretProvider {
  const { id, title, service, idsOf, parseArn, wording } = options;
  return defineSecretProvider<AwsStore>({
    id,
    title,
    matchStore: spec => matchAwsStore(spec, service),
    describeStore: store => `${title} (${store.region})`,
    keyPrefix: store => store.prefix,
    index: listings =>
      indexAwsListings(
        listings,
        scoped => buildAwsListing(scoped, idsOf, arn => parseArn(arn)?.account),
        parseArn,
      ),
    wording,
  });
}
