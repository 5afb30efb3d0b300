import { context, esView } from './testContext';
import { storeMissing } from './storeMissing';

describe('store-missing', () => {
  it('stays silent when the store exists or none is referenced', () => {
    expect(storeMissing(context())).toEqual([]);
    expect(
      storeMissing(
        context({ es: esView({ storeRef: null }), store: undefined }),
      ),
    ).toEqual([]);
  });

  it('reports a missing SecretStore with its namespace', () => {
    expect(storeMissing(context({ store: undefined }))).toEqual([
      {
        rule: 'store-missing',
        severity: 'error',
        message:
          'SecretStore "aws" does not exist in namespace payments, so ESO cannot sync this ExternalSecret.',
        remedy:
          'Create the SecretStore "aws" in namespace payments, or fix spec.secretStoreRef of the ExternalSecret.',
      },
    ]);
  });

  it('reports a missing ClusterSecretStore', () => {
    const [finding] = storeMissing(
      context({
        es: esView({
          storeRef: { kind: 'ClusterSecretStore', name: 'shared' },
        }),
        store: undefined,
      }),
    );
    expect(finding.message).toBe(
      'ClusterSecretStore "shared" does not exist, so ESO cannot sync this ExternalSecret.',
    );
  });

  it('reports an unknown store kind', () => {
    const [finding] = storeMissing(
      context({
        es: esView({
          storeRef: {
            kind: 'SecretStore',
            name: 'x',
            invalidKind: 'VaultStore',
          },
        }),
        store: undefined,
      }),
    );
    expect(finding.message).toContain(
      '"VaultStore" is neither SecretStore nor ClusterSecretStore',
    );
  });
});
