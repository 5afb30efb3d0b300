import { readFile } from 'node:fs/promises';
import NodeVault from 'node-vault';
import {
  ProviderRegionMetadata,
  ProviderSecretMetadata,
  vaultKvSecretMetadata,
} from '@eso-health/plugin-external-secrets-common';
import {
  ProviderCollectContext,
  ProviderCollectResult,
  ProviderCollector,
} from '@eso-health/plugin-external-secrets-node';
import { describeVaultError, vaultStatus } from './describeVaultError';
import { VaultServerConfig, vaultScopeId } from './readVaultServers';

/** Requests in flight at once per server: LIST of folders and GET of metadata. */
const CONCURRENCY = 8;
/** Log in again this long before the token's lease ends. */
const RENEW_MARGIN_MS = 60_000;

/** @public */
export interface VaultKvCollectorOptions {
  /** Builds each server's client; tests point it elsewhere. */
  createClient?: (options: NodeVault.VaultOptions) => NodeVault.client;
  /** Epoch ms; tests fix it. */
  now?: () => number;
}

interface Session {
  client: NodeVault.client;
  /** When the login must be renewed (epoch ms); undefined for a configured token. */
  renewAt?: number;
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function eachLimited<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(limit, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift())
        await work(item);
    }),
  );
}

/**
 * HashiCorp Vault KV version 2 metadata, one listing per configured server and mount. Walks
 * the mount with `LIST <mount>/metadata/<folder>` (Vault answers a folder in one response, so
 * the walk is the pagination) and reads `GET <mount>/metadata/<path>` for each key an
 * ExternalSecret reads, at most 8 (`CONCURRENCY`) at once. It never requests `data/`: the token's policy can deny it.
 *
 * @public
 */
export class VaultKvCollector implements ProviderCollector {
  readonly provider = 'vault';
  readonly title = 'HashiCorp Vault KV v2';
  private readonly scopesById = new Map<
    string,
    { server: VaultServerConfig; mount: string }
  >();
  private readonly sessions = new Map<string, Session>();
  private readonly options: VaultKvCollectorOptions;

  constructor(
    servers: VaultServerConfig[],
    options: VaultKvCollectorOptions = {},
  ) {
    for (const server of servers)
      for (const mount of server.mounts)
        this.scopesById.set(vaultScopeId(server, mount), { server, mount });
    this.options = options;
  }

  scopes(): string[] {
    return [...this.scopesById.keys()];
  }

  describeScope(scope: string): string {
    const entry = this.scopesById.get(scope);
    return entry
      ? `${entry.server.name}: mount ${entry.mount}/ at ${entry.server.url}`
      : scope;
  }

  async collect(
    scope: string,
    context: ProviderCollectContext,
  ): Promise<ProviderCollectResult> {
    const entry = this.scopesById.get(scope);
    if (!entry) throw new Error(`Unknown Vault scope ${scope}`);
    const { server, mount } = entry;
    const apiCalls: Record<string, number> = {};
    const count = (operation: string) => {
      apiCalls[operation] = (apiCalls[operation] ?? 0) + 1;
    };
    const where = `Vault ${server.name} (${server.url})`;
    const now = this.options.now?.() ?? Date.now();
    const base: Omit<ProviderRegionMetadata, 'secrets'> = {
      provider: 'vault',
      region: mount,
      servers: server.servers,
      ...(server.paths.length ? { namePrefixes: server.paths } : {}),
      refreshedAt: new Date(now).toISOString(),
    };

    let client: NodeVault.client;
    try {
      client = await this.session(server, count);
    } catch (error) {
      throw describeVaultError(
        error,
        where,
        `login (${server.auth.method})`,
        apiCalls,
      );
    }

    // A KV version 1 mount keeps no versions or times: shown as such, never as an error.
    const version = await this.mountVersion(client, mount, count);
    if (version === '1')
      return {
        listing: {
          ...base,
          changeTracking: false,
          note: `mount ${mount}/ is KV version 1: no change times, so its keys are not checked against Vault`,
          secrets: [],
        },
        apiCalls,
        warnings: [],
      };

    /** One metadata request, counted: a 404 is undefined, any other failure names the request. */
    const metadata = async (
      verb: 'LIST' | 'GET',
      path: string,
    ): Promise<any> => {
      count(`${verb} metadata`);
      try {
        return await (verb === 'LIST'
          ? client.list(`${mount}/metadata/${path}`)
          : client.read(`${mount}/metadata/${path}`));
      } catch (error) {
        if (vaultStatus(error) === 404) return undefined;
        // An expired or revoked login answers 403: log in again on the next refresh.
        if (vaultStatus(error) === 403) this.sessions.delete(server.name);
        throw describeVaultError(
          error,
          where,
          `${verb} ${mount}/metadata/${path}`,
          apiCalls,
        );
      }
    };

    // The walk: one LIST per folder (a 404 is an empty folder).
    const paths: string[] = [];
    for (
      let level = server.paths.length ? server.paths : [''];
      level.length;

    ) {
      const next: string[] = [];
      await eachLimited(level, CONCURRENCY, async folder => {
        const keys: string[] =
          (await metadata('LIST', folder))?.data?.keys ?? [];
        for (const key of keys)
          (key.endsWith('/') ? next : paths).push(`${folder}${key}`);
      });
      level = next;
    }

    // LIST gives names only: every key is listed (so an absent key is known absent), and
    // only the keys an ExternalSecret reads cost a metadata GET.
    const named = [...new Set(paths)].map(
      (path): ProviderSecretMetadata => ({
        provider: 'vault',
        region: mount,
        name: path,
        arn: `${server.url}/${mount}/${path}`,
      }),
    );
    const read = new Set(
      context.readSecrets({ ...base, secrets: named }).map(s => s.name),
    );
    const secrets = named.filter(secret => !read.has(secret.name));
    await eachLimited([...read], CONCURRENCY, async path => {
      const response = await metadata('GET', path); // undefined: deleted since the LIST
      const secret =
        response &&
        vaultKvSecretMetadata({
          server: server.url,
          mount,
          path,
          metadata: response.data ?? {},
          now,
        });
      // No version yet holds no value: ESO cannot read it, so it counts as absent.
      if (secret) secrets.push(secret);
    });
    secrets.sort((a, b) => a.name.localeCompare(b.name));
    return { listing: { ...base, secrets }, apiCalls, warnings: [] };
  }

  /** `1` or `2` from `sys/internal/ui/mounts/<mount>`; undefined when Vault does not say. */
  private async mountVersion(
    client: NodeVault.client,
    mount: string,
    count: (operation: string) => void,
  ): Promise<string | undefined> {
    count('GET sys/internal/ui/mounts');
    try {
      const response = await client.read(`sys/internal/ui/mounts/${mount}`);
      return response?.data?.options?.version;
    } catch {
      // Older servers or narrow policies: assume KV v2; the metadata LIST then tells.
      return undefined;
    }
  }

  /** A logged-in client per server, logging in again before the lease ends. */
  private async session(
    server: VaultServerConfig,
    count: (operation: string) => void,
  ): Promise<NodeVault.client> {
    const now = this.options.now?.() ?? Date.now();
    const existing = this.sessions.get(server.name);
    if (existing && (existing.renewAt === undefined || existing.renewAt > now))
      return existing.client;
    const ca = server.caFile
      ? await readFile(server.caFile, 'utf8')
      : undefined;
    const client = (this.options.createClient ?? NodeVault)({
      apiVersion: 'v1',
      endpoint: server.url,
      ...(server.namespace ? { namespace: server.namespace } : {}),
      ...(ca ? { requestOptions: { ca } } : {}),
    });
    // node-vault falls back to VAULT_TOKEN from the environment; the config alone decides.
    client.token = '';
    const { auth } = server;
    let lease: number | undefined;
    if (auth.method === 'token') {
      client.token = auth.token;
    } else if (auth.method === 'kubernetes') {
      count('login');
      const jwt = (await readFile(auth.tokenFile, 'utf8')).trim();
      const response = await client.kubernetesLogin({
        role: auth.role,
        jwt,
        mount_point: auth.mountPath,
      });
      lease = response?.auth?.lease_duration;
    } else {
      count('login');
      const response = await client.approleLogin({
        role_id: auth.roleId,
        secret_id: auth.secretId,
        mount_point: auth.mountPath,
      });
      lease = response?.auth?.lease_duration;
    }
    const session: Session = {
      client,
      renewAt: lease
        ? now + Math.max(lease * 1000 - RENEW_MARGIN_MS, 0)
        : undefined,
    };
    this.sessions.set(server.name, session);
    return client;
  }
}
