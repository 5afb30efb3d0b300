import { isRecord, str } from '../../kubernetes/untrusted';
import {
  ProviderRegionMetadata,
  ProviderSecretMetadata,
} from '../../types/provider';
import {
  defineSecretProvider,
  ProviderKeyLookup,
  ScopedListing,
} from '../types';

/**
 * The settings of an ESO `vault` store that locate a key.
 *
 * @public
 */
export interface VaultStore {
  /** `spec.provider.vault.server`, normalised (no trailing slash). */
  server: string;
  /** The KV mount (`path`); null when the key's first segment names it. */
  mount: string | null;
  version: 'v1' | 'v2';
}

/**
 * A server address as compared between stores and config: lower-case scheme and host, no trailing slash.
 *
 * @public
 */
export function normaliseVaultServer(server: string): string {
  const trimmed = server.trim().replace(/\/+$/, '');
  const match = /^([a-z]+:\/\/[^/]+)(.*)$/i.exec(trimmed);
  return match ? `${match[1].toLowerCase()}${match[2]}` : trimmed;
}

/**
 * Splits a remote key into mount and path the way ESO 0.20's Vault provider builds its read
 * path: with the store's `path` set, a leading `<mount>/` (and, on KV v2, `data/`) is dropped;
 * without it the first segment is the mount.
 *
 * @public
 */
export function vaultKeyPath(
  store: VaultStore,
  key: string,
): { mount: string; path: string } | undefined {
  let rest = key.replace(/^\/+/, '');
  let mount = store.mount?.replace(/^\/+|\/+$/g, '') || undefined;
  if (mount) {
    if (rest.startsWith(`${mount}/`)) rest = rest.slice(mount.length + 1);
  } else {
    const slash = rest.indexOf('/');
    if (slash <= 0) return undefined;
    mount = rest.slice(0, slash);
    rest = rest.slice(slash + 1);
  }
  if (store.version === 'v2' && rest.startsWith('data/'))
    rest = rest.slice('data/'.length);
  return rest ? { mount, path: rest } : undefined;
}

function listingMount(listing: ProviderRegionMetadata): string {
  return listing.region;
}

function deletedState(secret: ProviderSecretMetadata) {
  const version = secret.currentVersion ?? '?';
  return secret.deletion === 'destroyed'
    ? { state: `has its current version ${version} destroyed` }
    : {
        state: `has its current version ${version} deleted`,
        detail: `deleted ${secret.deletedDate}`,
      };
}

/**
 * HashiCorp Vault KV version 2 (ESO `vault` stores). Listings are per server and mount, read
 * from `metadata/` only; a store finds its listing by its server address (the configured one
 * or an alias stores use) and its mount.
 *
 * @public
 */
export const vaultKv = defineSecretProvider<VaultStore>({
  id: 'vault',
  title: 'HashiCorp Vault KV v2',
  matchStore(spec) {
    const vault = isRecord(spec.vault) ? spec.vault : undefined;
    const server = str(vault?.server);
    if (!vault || !server) return undefined;
    return {
      server: normaliseVaultServer(server),
      mount: str(vault.path) ?? null,
      version: str(vault.version) === 'v1' ? 'v1' : 'v2',
    };
  },
  describeStore: store =>
    `HashiCorp Vault (${store.mount ? `mount ${store.mount}/ at ` : ''}${
      store.server
    })`,
  keyPrefix: () => null,
  index(listings) {
    const byMount = new Map<
      string,
      { scoped: ScopedListing; byPath?: Map<string, ProviderSecretMetadata> }
    >();
    for (const scoped of listings) {
      for (const server of scoped.listing.servers ?? []) {
        const id = `${normaliseVaultServer(server)}|${listingMount(
          scoped.listing,
        )}`;
        if (!byMount.has(id)) byMount.set(id, { scoped });
      }
    }
    const entry = (server: string, mount: string) => {
      const found = byMount.get(`${server}|${mount}`);
      if (found && !found.byPath) {
        found.byPath = new Map();
        for (const secret of found.scoped.listing.secrets ?? [])
          if (isRecord(secret) && str(secret.name))
            found.byPath.set(secret.name, secret);
      }
      return found;
    };
    return store => ({
      scope: store.mount
        ? entry(store.server, store.mount)?.scoped.scope
        : undefined,
      resolve(key): ProviderKeyLookup {
        const located = vaultKeyPath(store, key);
        const listed = located && entry(store.server, located.mount);
        // A KV version 1 mount keeps no change times: nothing about its keys is judged.
        if (
          !located ||
          !listed ||
          store.version === 'v1' ||
          listed.scoped.listing.changeTracking === false
        )
          return { status: 'not-loaded' };
        const { scope, listing } = listed.scoped;
        const prefixes = (listing.namePrefixes ?? []).filter(Boolean);
        if (
          prefixes.length &&
          !prefixes.some(prefix => located.path.startsWith(prefix))
        )
          return { status: 'not-loaded' };
        const secret = listed.byPath!.get(located.path);
        return secret
          ? { status: 'found', secret, listing, scope }
          : { status: 'absent', listing, scope };
      },
    });
  },
  wording: {
    accessRemedy:
      "give the store's Vault role or token a policy with read on <mount>/data/<path> of the key (KV v2), or fix its auth settings.",
    dataName: 'Vault metadata',
    secret: key => `Vault secret "${key}"`,
    changed: (secret, evidence) =>
      evidence === 'version'
        ? `got version ${secret.currentVersion ?? '?'} at ${
            secret.currentVersionCreatedDate
          }`
        : `changed at ${secret.lastChangedDate} (per updated_time, which also moves on metadata edits)`,
    where: listing =>
      `the Vault KV mount ${listingMount(listing)}/ at ${
        listing.servers?.[0] ?? 'its server'
      }`,
    absentRemedy: listing =>
      `Write it (vault kv put -mount=${listingMount(
        listing,
      )} <path> …), or fix the key in the ExternalSecret or the store's path.`,
    deleted: (secret, listing) => ({
      ...deletedState(secret),
      remedy:
        secret.deletion === 'destroyed'
          ? `A destroyed version cannot come back: write a new version (vault kv put -mount=${listingMount(
              listing,
            )} ${
              secret.name
            } …) or roll back (vault kv rollback -mount=${listingMount(
              listing,
            )} -version=<n> ${secret.name}).`
          : `Undelete it: vault kv undelete -mount=${listingMount(
              listing,
            )} -versions=${secret.currentVersion ?? '<n>'} ${
              secret.name
            }, or write a new version.`,
    }),
    expiryRemedy: (secret, listing) =>
      `Its delete_version_after deletes the current version then: write a new version before it (vault kv put -mount=${listingMount(
        listing,
      )} ${
        secret.name
      } …), or raise it (vault kv metadata put -mount=${listingMount(
        listing,
      )} -delete-version-after=<duration> ${secret.name}).`,
  },
});
