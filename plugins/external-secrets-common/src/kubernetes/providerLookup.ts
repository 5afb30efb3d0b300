import {
  ProviderMetadata,
  ProviderRegionMetadata,
  ProviderSecretMetadata,
} from '../types/provider';
import { isRecord, str } from './untrusted';

/** What provider metadata says about one remote key. */
export type ProviderKeyLookup =
  /**
   * No listing covers the key: its region is not loaded, the store reads another account
   * (its role or the key's ARN), or the key is outside the listing's name prefixes.
   */
  | { status: 'not-loaded' }
  | {
      status: 'found';
      secret: ProviderSecretMetadata;
      region: ProviderRegionMetadata;
    }
  | { status: 'absent'; region: ProviderRegionMetadata };

/** The store settings that pick a listing: its region and, when set, the role ESO assumes. */
export interface ProviderStoreScope {
  region: string;
  role?: string | null;
}

export interface ProviderIndex {
  /** The listing a store without role in `region` uses (the first one of that region). */
  region(region: string): ProviderRegionMetadata | undefined;
  /**
   * Finds a remote key as ESO would resolve it against a store: the store's `prefix` is
   * prepended first; the result may be a secret name, a full ARN, or an ARN without the
   * 6-character random suffix. A name is looked up in the listing of the store's region and
   * account (its role's account, else the region's first listing); an ARN in its own region
   * and account.
   */
  find(
    store: ProviderStoreScope,
    key: string,
    prefix?: string | null,
  ): ProviderKeyLookup;
}

interface ListingIndex {
  metadata: ProviderRegionMetadata;
  byId: Map<string, ProviderSecretMetadata>;
  /** Accounts this listing speaks for: its own account id and those of its ARNs. */
  accounts: Set<string>;
  prefixes: string[];
}

/** The parts of `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>[-XXXXXX]`. */
export function parseSecretArn(
  arn: string,
): { region: string; account: string; name: string } | undefined {
  const parts = arn.split(':');
  if (
    parts.length < 7 ||
    parts[0] !== 'arn' ||
    parts[2] !== 'secretsmanager' ||
    parts[5] !== 'secret'
  ) {
    return undefined;
  }
  return {
    region: parts[3],
    account: parts[4],
    name: parts.slice(6).join(':'),
  };
}

/** The account id of an IAM role ARN (`arn:aws:iam::<account>:role/<name>`). */
export function roleArnAccount(role: string): string | undefined {
  const parts = role.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[2] === 'iam'
    ? parts[4]
    : undefined;
}

/** The ARN without AWS's random suffix (`-AbCdEf`), which ESO also accepts as a remote key. */
function partialArn(arn: string): string | undefined {
  return /-[A-Za-z0-9]{6}$/.test(arn) ? arn.slice(0, -7) : undefined;
}

function buildListing(metadata: ProviderRegionMetadata): ListingIndex {
  const byId = new Map<string, ProviderSecretMetadata>();
  const accounts = new Set<string>();
  const accountId = str(metadata.accountId);
  if (accountId) accounts.add(accountId);
  const add = (id: string | undefined, secret: ProviderSecretMetadata) => {
    const current = id ? byId.get(id) : undefined;
    // A live secret wins over one pending deletion under the same id.
    if (id && (!current || (current.deletedDate && !secret.deletedDate)))
      byId.set(id, secret);
  };
  for (const secret of Array.isArray(metadata.secrets)
    ? metadata.secrets
    : []) {
    if (!isRecord(secret)) continue;
    const arn = str(secret.arn);
    add(str(secret.name), secret);
    add(arn, secret);
    add(arn ? partialArn(arn) : undefined, secret);
    const account = arn ? parseSecretArn(arn)?.account : undefined;
    if (account) accounts.add(account);
  }
  const prefixes = Array.isArray(metadata.namePrefixes)
    ? metadata.namePrefixes.filter(
        (p): p is string => typeof p === 'string' && p !== '',
      )
    : [];
  return { metadata, byId, accounts, prefixes };
}

/** Whether a listing limited to name prefixes covers this secret name. */
function covers(listing: ListingIndex, name: string): boolean {
  return (
    listing.prefixes.length === 0 ||
    listing.prefixes.some(prefix => name.startsWith(prefix))
  );
}

/** Indexes AWS provider metadata once; each listing is indexed on first use. */
export function indexProviderMetadata(
  metadata: ProviderMetadata | undefined,
): ProviderIndex {
  const byRegion = new Map<string, ProviderRegionMetadata[]>();
  for (const listing of Object.values(metadata ?? {})) {
    // Only AWS Secrets Manager listings answer for AWS stores.
    if (!isRecord(listing) || listing.provider !== 'aws') continue;
    const region = str(listing.region);
    if (!region) continue;
    byRegion.set(region, [...(byRegion.get(region) ?? []), listing]);
  }
  const built = new Map<ProviderRegionMetadata, ListingIndex>();
  const indexOf = (listing: ProviderRegionMetadata): ListingIndex => {
    let index = built.get(listing);
    if (!index) {
      index = buildListing(listing);
      built.set(listing, index);
    }
    return index;
  };
  const listingsIn = (region: string) =>
    (byRegion.get(region) ?? []).map(indexOf);

  /** The listing a store reads through: its role's listing or account, else the region's first. */
  const storeListing = ({
    region,
    role,
  }: ProviderStoreScope): ListingIndex | undefined => {
    const candidates = listingsIn(region);
    if (!role) return candidates[0];
    const account = roleArnAccount(role);
    return (
      candidates.find(l => l.metadata.roleArn === role) ??
      candidates.find(l => account !== undefined && l.accounts.has(account))
    );
  };

  return {
    region: region => listingsIn(region)[0]?.metadata,
    find(store, key, prefix) {
      const id = `${prefix ?? ''}${key}`;
      const arn = id.startsWith('arn:') ? parseSecretArn(id) : undefined;
      if (arn) {
        const candidates = listingsIn(arn.region);
        for (const listing of candidates) {
          const secret = listing.byId.get(id);
          if (secret)
            return { status: 'found', secret, region: listing.metadata };
        }
        // Another account's ARN (or one outside the prefixes) is not in any listing: absence proves nothing.
        const owner = candidates.find(
          l => l.accounts.has(arn.account) && covers(l, arn.name),
        );
        return owner
          ? { status: 'absent', region: owner.metadata }
          : { status: 'not-loaded' };
      }
      const listing = storeListing(store);
      if (!listing) return { status: 'not-loaded' };
      const secret = listing.byId.get(id);
      if (secret) return { status: 'found', secret, region: listing.metadata };
      return covers(listing, id)
        ? { status: 'absent', region: listing.metadata }
        : { status: 'not-loaded' };
    },
  };
}
