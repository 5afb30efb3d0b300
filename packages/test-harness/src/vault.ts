/*
 * Starts a real HashiCorp Vault server (`vault server -dev`: in memory, unsealed, KV v2 at
 * secret/) on a free loopback port, for the tests of the Vault KV provider. The binary is built
 * from the Go module proxy by lab/build/build-vault.sh (lab/build/all.sh builds it with the rest
 * of the lab). Vault is BUSL-1.1: built locally for tests, never redistributed.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { superviseServer } from './waitUntilAnswering';

/** A running Vault dev server. */
export interface VaultServer {
  /** e.g. http://127.0.0.1:41234 (VAULT_ADDR). */
  address: string;
  /** The dev server's root token (random for each server). */
  rootToken: string;
  /** Stops the process (SIGTERM); resolves once it has exited. */
  stop(): Promise<void>;
  /**
   * One HTTP API call: `path` is relative to /v1/ (e.g. `secret/metadata/a`), `token` defaults to
   * the root token. `LIST` is sent as Vault's `GET …?list=true`. Resolves to the parsed JSON answer
   * (undefined for 204) and rejects with an error naming the status (e.g. 403) otherwise.
   */
  request(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<any>;
  /** Writes a new version of a KV v2 secret (`<mount>/data/<path>`); resolves to its version. */
  putKv(
    mount: string,
    path: string,
    data: Record<string, unknown>,
  ): Promise<number>;
  /** Soft-deletes the latest version of a KV v2 secret (DELETE `<mount>/data/<path>`). */
  deleteKv(mount: string, path: string): Promise<void>;
  /** Permanently destroys versions of a KV v2 secret (`<mount>/destroy/<path>`). */
  destroyVersions(
    mount: string,
    path: string,
    versions: number[],
  ): Promise<void>;
  /** Creates or replaces an ACL policy. */
  writePolicy(name: string, hcl: string): Promise<void>;
  /**
   * A new token with these policies (Vault adds its `default` policy, which grants nothing on
   * secret engines); resolves to the token.
   */
  createToken(policies: string[]): Promise<string>;
  /** Mounts a KV version 1 engine at `mount`. */
  enableKvV1(mount: string): Promise<void>;
  /**
   * Enables AppRole auth at `approle/` (once) and creates role `roleName` whose tokens get
   * `policies`; resolves to its role id and a new secret id.
   */
  enableAppRole(
    roleName: string,
    policies: string[],
  ): Promise<{ roleId: string; secretId: string }>;
}

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const DEFAULT_VAULT_VERSION = '1.21.4';

/** Where lab/build/build-vault.sh puts the binary (same rule as lab/versions.sh). */
function findVault(): string {
  const { VAULT_BIN, LAB_BIN_VAULT, LAB_CACHE, VAULT_VERSION } = process.env;
  const binary =
    VAULT_BIN ??
    (LAB_BIN_VAULT
      ? path.join(LAB_BIN_VAULT, 'vault')
      : path.join(
          LAB_CACHE || path.join(os.homedir(), '.cache', 'eso-health-lab'),
          'bin',
          `vault-${VAULT_VERSION || DEFAULT_VAULT_VERSION}`,
          'vault',
        ));
  if (!fs.existsSync(binary)) {
    throw new Error(
      `Vault is not built: ${binary} is missing. Run \`bash lab/build/all.sh\` (or lab/build/build-vault.sh), or set VAULT_BIN.`,
    );
  }
  return binary;
}

/** A port on 127.0.0.1 that is free, and whose next port is too: Vault's dev server also
 * listens on <port + 1> for cluster traffic. */
async function freePortPair(): Promise<number> {
  const listen = (port: number) =>
    new Promise<net.Server | undefined>(resolve => {
      const server = net.createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  const close = (server: net.Server) =>
    new Promise<void>(resolve => server.close(() => resolve()));
  const held: net.Server[] = [];
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      const first = (await listen(0))!;
      held.push(first);
      const port = (first.address() as net.AddressInfo).port;
      if (port >= 65535) continue;
      const second = await listen(port + 1);
      if (second) {
        held.push(second);
        return port;
      }
    }
    throw new Error('no two consecutive free ports on 127.0.0.1');
  } finally {
    await Promise.all(held.map(close));
  }
}

/** Starts `vault server -dev` on 127.0.0.1 and a free port; call `stop()` when done. */
export async function startVault(): Promise<VaultServer> {
  const binary = findVault();
  const port = await freePortPair();
  const address = `http://127.0.0.1:${port}`;
  const rootToken = `root-${randomBytes(16).toString('hex')}`;
  const child = spawn(
    binary,
    [
      'server',
      '-dev',
      `-dev-root-token-id=${rootToken}`,
      `-dev-listen-address=127.0.0.1:${port}`,
      '-dev-no-store-token',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        VAULT_API_ADDR: address,
        VAULT_LOG_LEVEL: 'warn',
      },
    },
  );
  const stop = await superviseServer({
    name: 'vault',
    url: `${address}/v1/sys/health`,
    child,
    startTimeoutMs: START_TIMEOUT_MS,
    stopTimeoutMs: STOP_TIMEOUT_MS,
  });

  const api = connectVault(address, rootToken);
  return { ...api, stop };
}

/**
 * The API helpers of a Vault server that is already running (e.g. the lab's, from its env file),
 * authenticated with `rootToken`.
 */
export function connectVault(
  address: string,
  rootToken: string,
): Omit<VaultServer, 'stop'> {
  const request: VaultServer['request'] = async (
    method,
    apiPath,
    body,
    token = rootToken,
  ) => {
    let verb = method.toUpperCase();
    let url = `${address}/v1/${apiPath.replace(/^\/+(v1\/)?/, '')}`;
    if (verb === 'LIST') {
      verb = 'GET';
      url += `${url.includes('?') ? '&' : '?'}list=true`;
    }
    const response = await fetch(url, {
      method: verb,
      headers: {
        'X-Vault-Token': token,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      // Vault's error bodies hold messages only ({"errors": [...]}), never secret data.
      let errors = text;
      try {
        errors = (JSON.parse(text).errors ?? []).join('; ');
      } catch {
        // not JSON
      }
      throw new Error(
        `vault ${method} ${apiPath} answered ${response.status}${
          errors ? `: ${errors}` : ''
        }`,
      );
    }
    return text ? JSON.parse(text) : undefined;
  };

  return {
    address,
    rootToken,
    request,
    putKv: async (mount, secretPath, data) => {
      const answer = await request('POST', `${mount}/data/${secretPath}`, {
        data,
      });
      return answer.data.version;
    },
    deleteKv: async (mount, secretPath) => {
      await request('DELETE', `${mount}/data/${secretPath}`);
    },
    destroyVersions: async (mount, secretPath, versions) => {
      await request('POST', `${mount}/destroy/${secretPath}`, { versions });
    },
    writePolicy: async (name, hcl) => {
      await request('PUT', `sys/policies/acl/${name}`, { policy: hcl });
    },
    createToken: async policies => {
      const answer = await request('POST', 'auth/token/create', {
        policies,
        ttl: '24h',
      });
      return answer.auth.client_token;
    },
    enableKvV1: async mount => {
      await request('POST', `sys/mounts/${mount}`, {
        type: 'kv',
        options: { version: '1' },
      });
    },
    enableAppRole: async (roleName, policies) => {
      const mounts = await request('GET', 'sys/auth');
      if (!mounts.data?.['approle/']) {
        await request('POST', 'sys/auth/approle', { type: 'approle' });
      }
      await request('POST', `auth/approle/role/${roleName}`, {
        token_policies: policies,
      });
      const roleId = (
        await request('GET', `auth/approle/role/${roleName}/role-id`)
      ).data.role_id;
      const secretId = (
        await request('POST', `auth/approle/role/${roleName}/secret-id`)
      ).data.secret_id;
      return { roleId, secretId };
    },
  };
}
