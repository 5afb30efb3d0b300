import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { startVault, VaultServer } from '@eso-health/test-harness';
import {
  ProviderCollectContext,
  ProviderCollectError,
} from '@eso-health/plugin-external-secrets-node';
import { mockServices } from '@backstage/backend-test-utils';
import { readVaultServers, VaultServerConfig } from './readVaultServers';
import { VaultKvCollector } from './VaultKvCollector';

// A real Vault server (built by lab/build/build-vault.sh), in dev mode on loopback.

/** A refresh in which every listed key is read by some ExternalSecret. */
const readAll: ProviderCollectContext = {
  providerAheadCandidates: () => [],
  readSecrets: listing => listing.secrets,
  logger: mockServices.logger.mock(),
};
const METADATA_ONLY = `
path "secret/metadata/*" { capabilities = ["read", "list"] }
path "secret/data/*"     { capabilities = ["deny"] }
path "kv1/*"             { capabilities = ["read", "list"] }
`;

function server(
  address: string,
  auth: VaultServerConfig['auth'],
  extra: Partial<VaultServerConfig> = {},
): VaultServerConfig {
  return {
    name: 'lab',
    url: address,
    servers: [address],
    mounts: ['secret'],
    paths: [],
    auth,
    ...extra,
  };
}

describe('VaultKvCollector against a real Vault', () => {
  let vault: VaultServer;
  let token: string;

  beforeAll(async () => {
    vault = await startVault();
    await vault.writePolicy('eso-health-metadata', METADATA_ONLY);
    token = await vault.createToken(['eso-health-metadata']);
    await vault.putKv('secret', 'payments/db', { password: 'canary-1' });
    await vault.putKv('secret', 'payments/db', { password: 'canary-2' });
    await vault.putKv('secret', 'payments/api', { key: 'canary-3' });
    await vault.putKv('secret', 'ledger/deep/er/key', { key: 'canary-4' });
    await vault.putKv('secret', 'gone', { key: 'canary-5' });
    await vault.deleteKv('secret', 'gone');
    await vault.putKv('secret', 'shredded', { key: 'canary-6' });
    await vault.destroyVersions('secret', 'shredded', [1]);
    await vault.request('POST', 'secret/metadata/expiring', {
      delete_version_after: '48h',
    });
    await vault.putKv('secret', 'expiring', { key: 'canary-7' });
    await vault.enableKvV1('kv1');
  });

  afterAll(async () => {
    await vault?.stop();
  });

  it('proves the metadata-only policy: the same token is refused on data/', async () => {
    await expect(
      vault.request('GET', 'secret/data/payments/db', undefined, token),
    ).rejects.toThrow(/403/);
    await expect(
      vault.request('GET', 'secret/metadata/payments/db', undefined, token),
    ).resolves.toBeDefined();
  });

  it('walks the mount folder by folder and reads each key’s metadata, never a value', async () => {
    const collector = new VaultKvCollector([
      server(vault.address, { method: 'token', token }),
    ]);
    expect(collector.scopes()).toEqual(['vault/lab/secret']);
    const { listing, apiCalls } = await collector.collect(
      'vault/lab/secret',
      readAll,
    );
    const byName = Object.fromEntries(listing.secrets.map(s => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual([
      'expiring',
      'gone',
      'ledger/deep/er/key',
      'payments/api',
      'payments/db',
      'shredded',
    ]);
    expect(byName['payments/db']).toMatchObject({
      provider: 'vault',
      region: 'secret',
      currentVersion: 2,
      currentVersionCreatedDate: expect.any(String),
    });
    expect(byName.gone).toMatchObject({ deletion: 'deleted' });
    expect(byName.shredded).toMatchObject({ deletion: 'destroyed' });
    expect(byName.expiring.expiresDate).toBeDefined();
    expect(listing.servers).toEqual([vault.address]);
    // Folders: /, payments/, ledger/, ledger/deep/, ledger/deep/er/.
    expect(apiCalls).toEqual({
      'GET sys/internal/ui/mounts': 1,
      'LIST metadata': 5,
      'GET metadata': 6,
    });
    expect(JSON.stringify(listing)).not.toMatch(/canary/);
  });

  it('reads the metadata of the keys ExternalSecrets read, and lists the others by name', async () => {
    const collector = new VaultKvCollector([
      server(vault.address, { method: 'token', token }),
    ]);
    const { listing, apiCalls } = await collector.collect('vault/lab/secret', {
      ...readAll,
      readSecrets: l => l.secrets.filter(s => s.name === 'payments/db'),
    });
    expect(apiCalls['GET metadata']).toBe(1);
    const byName = Object.fromEntries(listing.secrets.map(s => [s.name, s]));
    expect(byName['payments/db'].currentVersion).toBe(2);
    expect(byName['payments/api']).toEqual({
      provider: 'vault',
      region: 'secret',
      name: 'payments/api',
      arn: `${vault.address}/secret/payments/api`,
    });
  });

  it('reads only the configured folders', async () => {
    const collector = new VaultKvCollector([
      server(
        vault.address,
        { method: 'token', token },
        { paths: ['payments/'] },
      ),
    ]);
    const { listing } = await collector.collect('vault/lab/secret', readAll);
    expect(listing.secrets.map(s => s.name).sort()).toEqual([
      'payments/api',
      'payments/db',
    ]);
    expect(listing.namePrefixes).toEqual(['payments/']);
  });

  it('logs in with AppRole', async () => {
    const { roleId, secretId } = await vault.enableAppRole('eso-health', [
      'eso-health-metadata',
    ]);
    const collector = new VaultKvCollector([
      server(vault.address, {
        method: 'appRole',
        roleId,
        secretId,
        mountPath: 'approle',
      }),
    ]);
    const { listing, apiCalls } = await collector.collect(
      'vault/lab/secret',
      readAll,
    );
    expect(listing.secrets.length).toBe(6);
    expect(apiCalls.login).toBe(1);
    // The session is reused until its lease nears its end.
    expect(
      (await collector.collect('vault/lab/secret', readAll)).apiCalls.login,
    ).toBeUndefined();
  });

  it('shows a KV version 1 mount as having no change tracking, not as an error', async () => {
    const collector = new VaultKvCollector([
      server(vault.address, { method: 'token', token }, { mounts: ['kv1'] }),
    ]);
    const { listing } = await collector.collect('vault/lab/kv1', readAll);
    expect(listing).toMatchObject({
      changeTracking: false,
      secrets: [],
      note: expect.stringContaining('KV version 1'),
    });
  });

  it('says what to grant when the policy refuses, and what to check when login fails', async () => {
    const none = await vault.createToken(['default']);
    const denied = new VaultKvCollector([
      server(vault.address, { method: 'token', token: none }),
    ]);
    const error = await denied
      .collect('vault/lab/secret', readAll)
      .catch(e => e);
    expect(error).toBeInstanceOf(ProviderCollectError);
    expect(error.reason).toBe('access-denied');
    expect(error.message).toMatch(
      /permission denied on LIST secret\/metadata\/.*list and read on <mount>\/metadata\/\*/,
    );
    const badLogin = new VaultKvCollector([
      server(vault.address, {
        method: 'appRole',
        roleId: 'nope',
        secretId: 'nope',
        mountPath: 'approle',
      }),
    ]);
    await expect(
      badLogin.collect('vault/lab/secret', readAll),
    ).rejects.toMatchObject({
      reason: 'invalid-credentials',
    });
  });
});

describe('readVaultServers', () => {
  const read = (servers: JsonObject[]) => () =>
    readVaultServers(
      new ConfigReader({ externalSecrets: { vault: { servers } } }),
    );

  it('reads each auth method with its defaults', () => {
    expect(
      read([
        {
          name: 'a',
          url: 'https://vault:8200/',
          mounts: ['/secret/'],
          paths: ['payments'],
          storeServers: ['http://vault.vault:8200'],
          auth: { kubernetes: { role: 'eso-health' } },
        },
      ])(),
    ).toEqual([
      {
        name: 'a',
        url: 'https://vault:8200',
        servers: ['https://vault:8200', 'http://vault.vault:8200'],
        mounts: ['secret'],
        paths: ['payments/'],
        auth: {
          method: 'kubernetes',
          role: 'eso-health',
          mountPath: 'kubernetes',
          tokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
        },
      },
    ]);
  });

  it('refuses ambiguous auth, paths in the url and duplicate names', () => {
    const ok = { name: 'a', url: 'http://v:8200', mounts: ['secret'] };
    expect(read([{ ...ok, auth: {} }])).toThrow(
      'externalSecrets.vault.servers[0].auth: set exactly one of token, kubernetes or appRole',
    );
    expect(
      read([{ ...ok, url: 'http://v:8200/v1', auth: { token: 't' } }]),
    ).toThrow(/without a path/);
    expect(
      read([
        { ...ok, auth: { token: 't' } },
        { ...ok, auth: { token: 't' } },
      ]),
    ).toThrow("name 'a' is used twice");
  });
});
