import { storeObject, storeView } from '../rules/testContext';
import { readSecretStore } from './readSecretStore';

describe('readSecretStore', () => {
  it('reads an AWS SecretStore (the store of the rule tests)', () => {
    expect(
      readSecretStore(storeObject({ prefix: 'prod/' }), 'SecretStore'),
    ).toEqual(storeView({ prefix: 'prod/' }));
    expect(storeView({ prefix: 'prod/' })).toMatchObject({
      kind: 'SecretStore',
      name: 'aws',
      namespace: 'payments',
      ready: { status: 'True', reason: 'Valid', message: 'store validated' },
      provider: 'aws',
      providerSpec: { aws: { prefix: 'prod/' } },
    });
  });

  it('reads a ClusterSecretStore of another provider without namespace', () => {
    expect(
      readSecretStore(
        {
          kind: 'ClusterSecretStore',
          metadata: { name: 'vault', namespace: 'ignored' },
          spec: { provider: { vault: { server: 'https://vault' } } },
        },
        'ClusterSecretStore',
      ),
    ).toEqual({
      kind: 'ClusterSecretStore',
      name: 'vault',
      namespace: null,
      ready: null,
      provider: 'vault',
      providerSpec: expect.objectContaining({ vault: expect.anything() }),
    });
  });

  it('keeps the provider block for the provider seam to read', () => {
    expect(
      readSecretStore(
        { metadata: { name: 'aws' }, spec: { provider: { aws: null } } },
        'ClusterSecretStore',
      )?.providerSpec,
    ).toEqual({ aws: null });
  });

  it.each([
    ['garbage', 'x', 'SecretStore'],
    [
      'a SecretStore without namespace',
      { metadata: { name: 'a' } },
      'SecretStore',
    ],
    ['no name', { metadata: { namespace: 'a' } }, 'SecretStore'],
    [
      'the other kind',
      { kind: 'SecretStore', metadata: { name: 'a' } },
      'ClusterSecretStore',
    ],
  ] as const)('skips %s', (_label, object, kind) => {
    expect(readSecretStore(object, kind)).toBeUndefined();
  });

  it('has no provider when spec is malformed', () => {
    expect(
      readSecretStore(
        { metadata: { name: 'a', namespace: 'b' }, spec: 'x' },
        'SecretStore',
      ),
    ).toMatchObject({ provider: null, providerSpec: {} });
  });
});
