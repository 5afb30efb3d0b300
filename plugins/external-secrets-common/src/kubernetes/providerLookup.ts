import {
  ProviderMetadata,
  ProviderRegionMetadata,
  ProviderSecretMetadata,
} from '../types/provider';
import { isRecord, str } from './untrusted';

/** What provider metadata says about one remote key. */
export type ProviderKeyLookup =
  /** No listing covers the key: its region is not loaded, or it is an ARN of an account the listing does not cover. */
  | { status: 'not-loaded' }
  | {
      status: 'found';
      secret: ProviderSecretMetadata;
      region: ProviderRegionMetadata;
    }
  | { status: 'absent'; region: ProviderRegionMetadata };

export interface ProviderIndex {
  region(region: string): ProviderRegionMetadata | undefined;
  /**
   * Finds a remote key as ESO would resolve it against a store in `region`: the store's
   * `prefix` is prepended first; the result may be a secret name, a full ARN, or an ARN
   * without the 6-character random suffix. An ARN is looked up in its own region.
   */
  find(region: string, key: string, prefix?: string | null): ProviderKeyLookup;
}

interface RegionIndex {
  metadata: ProviderRegionMetadata;
  byId: Map<string, ProviderSecretMetadata>;
  accounts: Set<string>;
}

/** `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>[-XXXXXX]` */
function parseArn(
  arn: string,
): { region: string; account: string } | undefined {
  const parts = arn.split(':');
  if (
    parts.length < 7 ||
    parts[0] !== 'arn' ||
    parts[2] !== 'secretsmanager' ||
    parts[5] !== 'secret'
  ) {
    return undefined;
  }
  return { region: parts[3], account: parts[4] };
}

/** The ARN without AWS's random suffix (`-AbCdEf`), which GetSecretValue also accepts. */
function partialArn(arn: string): string | undefined {
  return /-[A-Za-z0-9]{6}$/.test(arn) ? arn.slice(0, -7) : undefined;
}

function buildRegion(metadata: ProviderRegionMetadata): RegionIndex {
  const byId = new Map<string, ProviderSecretMetadata>();
  const accounts = new Set<string>();
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
    const account = arn ? parseArn(arn)?.account : undefined;
    if (account) accounts.add(account);
  }
  return { metadata, byId, accounts };
}

/** Indexes provider metadata once; each region's listing is indexed on first use. */
export function indexProviderMetadata(
  metadata: ProviderMetadata | undefined,
): ProviderIndex {
  const regions = new Map<string, RegionIndex>();
  const regionIndex = (region: string): RegionIndex | undefined => {
    if (!regions.has(region)) {
      const entry =
        metadata && Object.prototype.hasOwnProperty.call(metadata, region)
          ? metadata[region]
          : undefined;
      if (!isRecord(entry)) return undefined;
      regions.set(region, buildRegion(entry));
    }
    return regions.get(region);
  };

  return {
    region: region => regionIndex(region)?.metadata,
    find(region, key, prefix) {
      const id = `${prefix ?? ''}${key}`;
      const arn = id.startsWith('arn:') ? parseArn(id) : undefined;
      const index = regionIndex(arn ? arn.region : region);
      if (!index) return { status: 'not-loaded' };
      const secret = index.byId.get(id);
      if (secret) return { status: 'found', secret, region: index.metadata };
      // A cross-account ARN is not in this account's listing: absence proves nothing.
      if (arn && !index.accounts.has(arn.account))
        return { status: 'not-loaded' };
      return { status: 'absent', region: index.metadata };
    },
  };
}
