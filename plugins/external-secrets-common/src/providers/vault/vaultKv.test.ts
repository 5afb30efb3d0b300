import { SecretStoreView } from '../../kubernetes/readSecretStore';
import { ProviderMetadata, ProviderSecretMetadata } from '../../types/provider';
import { indexProviderMetadata } from '../indexProviders';
import { vaultKeyPath } from './vaultKv';

const secret = (
  name: string,
  extra: Partial<ProviderSecretMetadata> = {},
): ProviderSecretMetadata => ({
  provider: 'vault',
  region: 'secret',
  name,
  arn: `http://127.0.0.1:8200/secret/${name}`,
  lastChangedDate: '2024-05-01T10:00:00Z',
  currentVersionCreatedDate: '2024-05-01T10:00:00Z',
  currentVersion: 2,
  ...extra,
});

const metadata: ProviderMetadata = {
  'vault/lab/secret': {
    provider: 'vault',
    region: 'secret',
    servers: ['http://127.0.0.1:8200', 'http://vault.vault:8200'],
    refreshedAt: '2024-05-01T11:00:00Z',
    secrets: [secret('payments/db'), secret('old', { deletedDate: 'x' })],
  },
  'vault/lab/kv1': {
    provider: 'vault',
    region: 'kv1',
    servers: ['http://127.0.0.1:8200'],
    changeTracking: false,
    refreshedAt: '2024-05-01T11:00:00Z',
    secrets: [],
  },
};

function store(vault: Record<string, unknown>): SecretStoreView {
  return {
    kind: 'ClusterSecretStore',
    name: 'vault',
    namespace: null,
    ready: null,
    provider: 'vault',
    providerSpec: { vault },
  };
}

describe('Vault KV keys', () => {
  const index = indexProviderMetadata(metadata);

  it('splits keys into mount and path as ESO does', () => {
    const v2 = { server: 's', mount: 'secret', version: 'v2' } as const;
    expect(vaultKeyPath(v2, 'payments/db')).toEqual({
      mount: 'secret',
      path: 'payments/db',
    });
    expect(vaultKeyPath(v2, 'secret/data/payments/db')).toEqual({
      mount: 'secret',
      path: 'payments/db',
    });
    expect(vaultKeyPath({ ...v2, mount: null }, 'secret/payments/db')).toEqual({
      mount: 'secret',
      path: 'payments/db',
    });
    expect(vaultKeyPath({ ...v2, mount: null }, 'lonely')).toBeUndefined();
  });

  it('finds a key through the configured server or an alias, with or without a mount in the store', () => {
    for (const vault of [
      { server: 'http://127.0.0.1:8200/', path: 'secret' },
      { server: 'HTTP://vault.vault:8200', path: 'secret', version: 'v2' },
      { server: 'http://127.0.0.1:8200' },
    ]) {
      const served = index.forStore(store(vault))!;
      const key = vault.path ? 'payments/db' : 'secret/payments/db';
      expect(served.provider.id).toBe('vault');
      expect(served.resolve(key)).toMatchObject({
        status: 'found',
        scope: 'vault/lab/secret',
        secret: { name: 'payments/db' },
      });
    }
  });

  it('reports an absent path of a listed mount, and nothing for other servers or mounts', () => {
    const served = index.forStore(
      store({ server: 'http://127.0.0.1:8200', path: 'secret' }),
    )!;
    expect(served.scope).toBe('vault/lab/secret');
    expect(served.resolve('payments/none').status).toBe('absent');
    expect(
      index
        .forStore(store({ server: 'https://other:8200', path: 'secret' }))!
        .resolve('payments/db').status,
    ).toBe('not-loaded');
    expect(
      index
        .forStore(store({ server: 'http://127.0.0.1:8200', path: 'other' }))!
        .resolve('payments/db').status,
    ).toBe('not-loaded');
  });

  it('never judges keys of a KV version 1 mount or store', () => {
    expect(
      index
        .forStore(store({ server: 'http://127.0.0.1:8200', path: 'kv1' }))!
        .resolve('anything').status,
    ).toBe('not-loaded');
    expect(
      index
        .forStore(
          store({
            server: 'http://127.0.0.1:8200',
            path: 'secret',
            version: 'v1',
          }),
        )!
        .resolve('payments/db').status,
    ).toBe('not-loaded');
  });

  it('serves no store without a server', () => {
    expect(index.forStore(store({ path: 'secret' }))).toBeUndefined();
  });
});
