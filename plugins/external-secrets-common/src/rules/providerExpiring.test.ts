import { vaultKv } from '../providers/vault/vaultKv';
import { ProviderRegionMetadata } from '../types/provider';
import { providerExpiring } from './providerExpiring';
import { providerSecretMissing } from './providerSecretMissing';
import { awsSecret, before, context, providerWith } from './testContext';

const MOUNT: ProviderRegionMetadata = {
  provider: 'vault',
  region: 'secret',
  servers: ['http://127.0.0.1:8200'],
  refreshedAt: before(60),
  secrets: [],
};

const vaultSecret = (extra: Parameters<typeof awsSecret>[0]) =>
  awsSecret({
    provider: 'vault',
    region: 'secret',
    name: 'payments/db',
    arn: 'http://127.0.0.1:8200/secret/payments/db',
    currentVersion: 4,
    ...extra,
  });

describe('provider-expiring', () => {
  it('warns within 7 days and is an error once expired, in the provider’s words', () => {
    const soon = providerExpiring(
      context({
        provider: providerWith(
          vaultSecret({ expiresDate: before(-2 * 86400) }),
          'current-version',
          vaultKv,
          MOUNT,
        ),
      }),
    );
    expect(soon).toEqual([
      expect.objectContaining({
        rule: 'provider-expiring',
        severity: 'warning',
        message: expect.stringMatching(
          /^Vault secret "payments\/db" expires at .* \(in 2d, Vault metadata as of/,
        ),
        remedy: expect.stringContaining(
          'vault kv metadata put -mount=secret -delete-version-after=<duration> payments/db',
        ),
      }),
    ]);
    const gone = providerExpiring(
      context({
        provider: providerWith(vaultSecret({ expiresDate: before(60) })),
      }),
    );
    expect(gone[0].severity).toBe('error');
  });

  it('says nothing beyond the threshold, without an expiry, or for a deleted value', () => {
    for (const secret of [
      vaultSecret({ expiresDate: before(-8 * 86400) }),
      vaultSecret({}),
      vaultSecret({ expiresDate: before(60), deletedDate: before(30) }),
    ])
      expect(
        providerExpiring(context({ provider: providerWith(secret) })),
      ).toEqual([]);
  });
});

describe('provider-secret-missing on Vault', () => {
  it('names a deleted or destroyed current version and how to get it back', () => {
    const missing = (deletion: 'deleted' | 'destroyed') =>
      providerSecretMissing(
        context({
          provider: providerWith(
            vaultSecret({ deletedDate: before(120), deletion }),
            'current-version',
            vaultKv,
            MOUNT,
          ),
        }),
      );
    const deleted = missing('deleted');
    expect(deleted[0].message).toMatch(
      /^Vault secret "payments\/db" has its current version 4 deleted \(deleted .*, Vault metadata as of/,
    );
    expect(deleted[0].remedy).toContain(
      'vault kv undelete -mount=secret -versions=4 payments/db',
    );
    const destroyed = missing('destroyed');
    expect(destroyed[0].message).toContain('current version 4 destroyed');
    expect(destroyed[0].remedy).toContain('cannot come back');
  });
});
