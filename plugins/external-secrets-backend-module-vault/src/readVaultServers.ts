import { Config } from '@backstage/config';

/** @public */
export type VaultAuth =
  | { method: 'token'; token: string }
  | { method: 'kubernetes'; role: string; mountPath: string; tokenFile: string }
  | { method: 'appRole'; roleId: string; secretId: string; mountPath: string };

/**
 * One Vault server whose KV v2 metadata is read.
 *
 * @public
 */
export interface VaultServerConfig {
  name: string;
  url: string;
  /** `url` first, then the addresses stores use for the same server. */
  servers: string[];
  namespace?: string;
  caFile?: string;
  mounts: string[];
  paths: string[];
  auth: VaultAuth;
}

const NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const SERVICE_ACCOUNT_TOKEN =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

function invalid(where: string, message: string): never {
  throw new Error(`${where}: ${message}`);
}

function readAuth(config: Config, where: string): VaultAuth {
  const methods = ['token', 'kubernetes', 'appRole'].filter(key =>
    config.has(key),
  );
  if (methods.length !== 1)
    invalid(`${where}.auth`, 'set exactly one of token, kubernetes or appRole');
  if (config.has('token'))
    return { method: 'token', token: config.getString('token') };
  if (config.has('kubernetes')) {
    const k = config.getConfig('kubernetes');
    return {
      method: 'kubernetes',
      role: k.getString('role'),
      mountPath: k.getOptionalString('mountPath') ?? 'kubernetes',
      tokenFile: k.getOptionalString('tokenFile') ?? SERVICE_ACCOUNT_TOKEN,
    };
  }
  const a = config.getConfig('appRole');
  return {
    method: 'appRole',
    roleId: a.getString('roleId'),
    secretId: a.getString('secretId'),
    mountPath: a.getOptionalString('mountPath') ?? 'approle',
  };
}

const trimSlashes = (path: string) => path.replace(/^\/+|\/+$/g, '');

function readServer(config: Config, index: number): VaultServerConfig {
  const where = `externalSecrets.vault.servers[${index}]`;
  const name = config.getString('name');
  if (!NAME.test(name))
    invalid(where, `name '${name}' must be lower-case letters, digits and -`);
  const url = config.getString('url').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(url))
    invalid(where, `url '${url}' must be http(s)://host[:port] without a path`);
  const mounts = config.getStringArray('mounts').map(trimSlashes);
  if (!mounts.length || mounts.some(m => !m))
    invalid(where, 'mounts must name at least one KV mount, e.g. secret');
  return {
    name,
    url,
    servers: [url, ...(config.getOptionalStringArray('storeServers') ?? [])],
    namespace: config.getOptionalString('namespace'),
    caFile: config.getOptionalString('caFile'),
    mounts,
    // Folders under the mount, each ending in `/`.
    paths: (config.getOptionalStringArray('paths') ?? []).map(
      p => `${trimSlashes(p)}/`,
    ),
    auth: readAuth(config.getConfig('auth'), where),
  };
}

/**
 * Reads `externalSecrets.vault.servers`; throws naming the entry and field when one is invalid.
 *
 * @public
 */
export function readVaultServers(root: Config): VaultServerConfig[] {
  const servers = (
    root.getOptionalConfigArray('externalSecrets.vault.servers') ?? []
  ).map(readServer);
  const names = new Set<string>();
  servers.forEach((server, index) => {
    if (names.has(server.name))
      invalid(
        `externalSecrets.vault.servers[${index}]`,
        `name '${server.name}' is used twice`,
      );
    names.add(server.name);
  });
  return servers;
}

/**
 * The scope id of one mount's listing, e.g. `vault/lab/secret`.
 *
 * @public
 */
export function vaultScopeId(server: VaultServerConfig, mount: string) {
  return `vault/${server.name}/${mount}`;
}
