import { ProviderMetadata } from '../../types/provider';
import { SecretStoreView } from '../../kubernetes/readSecretStore';
import { ProviderIndex, indexProviderMetadata } from '../indexProviders';

/** Resolves a key as a store of these AWS Secrets Manager settings would. */
function find(
  index: ProviderIndex,
  aws: { region: string; role?: string | null },
  key: string,
  prefix?: string | null,
) {
  const store: SecretStoreView = {
    kind: 'ClusterSecretStore',
    name: 'aws',
    namespace: null,
    ready: null,
    provider: 'aws',
    providerSpec: { aws: { ...aws, prefix } },
  };
  return index.forStore(store)!.resolve(key);
}

const arn = (region: string, name: string, account = '111122223333') =>
  `arn:aws:secretsmanager:${region}:${account}:secret:${name}`;

const metadata: ProviderMetadata = {
  'eu-west-1': {
    provider: 'aws',
    region: 'eu-west-1',
    refreshedAt: '2024-05-01T10:00:00Z',
    secrets: [
      {
        provider: 'aws',
        region: 'eu-west-1',
        name: 'prod/db',
        arn: arn('eu-west-1', 'prod/db-AbCdEf'),
      },
      {
        provider: 'aws',
        region: 'eu-west-1',
        name: 'old',
        arn: arn('eu-west-1', 'old-111111'),
        deletedDate: '2024-04-30T00:00:00Z',
      },
    ],
  },
  'us-east-1': {
    provider: 'aws',
    region: 'us-east-1',
    refreshedAt: '2024-05-01T10:00:00Z',
    secrets: [
      {
        provider: 'aws',
        region: 'us-east-1',
        name: 'global',
        arn: arn('us-east-1', 'global-ZZZZZZ'),
      },
    ],
  },
};

describe('AWS Secrets Manager keys (indexProviderMetadata)', () => {
  const index = indexProviderMetadata(metadata);

  it.each([
    ['a name', 'prod/db', undefined],
    ['a full ARN', arn('eu-west-1', 'prod/db-AbCdEf'), undefined],
    [
      'an ARN without the random suffix',
      arn('eu-west-1', 'prod/db'),
      undefined,
    ],
    ['a key after the store prefix', 'db', 'prod/'],
  ])('finds %s', (_label, key, prefix) => {
    const result = find(index, { region: 'eu-west-1' }, key, prefix);
    expect(result.status).toBe('found');
    expect(result.status === 'found' && result.secret.name).toBe('prod/db');
  });

  it('finds a secret pending deletion (callers check deletedDate)', () => {
    const result = find(index, { region: 'eu-west-1' }, 'old');
    expect(result.status === 'found' && result.secret.deletedDate).toBe(
      '2024-04-30T00:00:00Z',
    );
  });

  it('reports an absent key of a loaded region', () => {
    expect(find(index, { region: 'eu-west-1' }, 'prod/missing')).toMatchObject({
      status: 'absent',
      listing: { region: 'eu-west-1' },
    });
    // The prefix is applied first: "db" alone is not a name.
    expect(find(index, { region: 'eu-west-1' }, 'db').status).toBe('absent');
    expect(
      find(index, { region: 'eu-west-1' }, arn('eu-west-1', 'nope')).status,
    ).toBe('absent');
  });

  it('looks an ARN up in its own region', () => {
    expect(
      find(index, { region: 'eu-west-1' }, arn('us-east-1', 'global')).status,
    ).toBe('found');
    expect(
      find(index, { region: 'eu-west-1' }, arn('ap-south-1', 'x')).status,
    ).toBe('not-loaded');
  });

  it('does not call a cross-account ARN absent', () => {
    expect(
      find(
        index,
        { region: 'eu-west-1' },
        arn('eu-west-1', 'shared', '999999999999'),
      ).status,
    ).toBe('not-loaded');
  });

  it('says not-loaded for regions without metadata', () => {
    expect(find(index, { region: 'ap-south-1' }, 'prod/db').status).toBe(
      'not-loaded',
    );
    expect(find(index, { region: 'constructor' }, 'x').status).toBe(
      'not-loaded',
    );
    expect(
      find(indexProviderMetadata(undefined), { region: 'eu-west-1' }, 'x')
        .status,
    ).toBe('not-loaded');
    const store = (region: string): SecretStoreView => ({
      kind: 'ClusterSecretStore',
      name: 'aws',
      namespace: null,
      ready: null,
      provider: 'aws',
      providerSpec: { aws: { region } },
    });
    expect(index.forStore(store('eu-west-1'))?.scope).toBe('eu-west-1');
    expect(index.forStore(store('ap-south-1'))?.scope).toBeUndefined();
  });

  it('ignores listings of other providers', () => {
    const other = indexProviderMetadata({
      'vault/main': { ...metadata['eu-west-1'], provider: 'vault' },
    });
    expect(find(other, { region: 'eu-west-1' }, 'prod/db').status).toBe(
      'not-loaded',
    );
  });

  it('survives malformed listings', () => {
    const broken = indexProviderMetadata({
      x: {
        provider: 'aws',
        region: 'x',
        refreshedAt: '',
        secrets: [null, 'a', { name: 'ok' }],
      },
      y: { provider: 'aws', region: 'y', refreshedAt: '', secrets: 'nope' },
    } as unknown as ProviderMetadata);
    expect(find(broken, { region: 'x' }, 'ok').status).toBe('found');
    expect(find(broken, { region: 'y' }, 'ok').status).toBe('absent');
  });

  it('prefers a live secret over one pending deletion under the same name', () => {
    const twice = indexProviderMetadata({
      r: {
        provider: 'aws',
        region: 'r',
        refreshedAt: '',
        secrets: [
          {
            provider: 'aws',
            region: 'r',
            name: 'n',
            arn: arn('r', 'n-aaaaaa'),
            deletedDate: '2024-01-01T00:00:00Z',
          },
          {
            provider: 'aws',
            region: 'r',
            name: 'n',
            arn: arn('r', 'n-bbbbbb'),
          },
        ],
      },
    });
    const result = find(twice, { region: 'r' }, 'n');
    expect(
      result.status === 'found' && result.secret.deletedDate,
    ).toBeUndefined();
  });

  describe('accounts and name prefixes', () => {
    const listing = (
      account: string,
      names: string[],
      extra: Partial<ProviderMetadata[string]> = {},
    ): ProviderMetadata[string] => ({
      provider: 'aws',
      region: 'eu-west-1',
      accountId: account,
      refreshedAt: '2024-05-01T10:00:00Z',
      secrets: names.map(name => ({
        provider: 'aws',
        region: 'eu-west-1',
        name,
        arn: arn('eu-west-1', `${name}-AbCdEf`, account),
      })),
      ...extra,
    });
    const two = indexProviderMetadata({
      'aws/shared/eu-west-1': listing('111111111111', ['shared/db']),
      'aws/payments/eu-west-1': listing('222222222222', ['payments/db'], {
        roleArn: 'arn:aws:iam::222222222222:role/eso-reader',
        namePrefixes: ['payments/'],
      }),
    });

    it("reads a store without role from the region's first listing", () => {
      expect(find(two, { region: 'eu-west-1' }, 'shared/db').status).toBe(
        'found',
      );
      expect(find(two, { region: 'eu-west-1' }, 'payments/db').status).toBe(
        'absent',
      );
    });

    it("picks the listing of the store's role, by role ARN or by account", () => {
      for (const role of [
        'arn:aws:iam::222222222222:role/eso-reader',
        'arn:aws:iam::222222222222:role/another-role',
      ]) {
        expect(
          find(two, { region: 'eu-west-1', role }, 'payments/db').status,
        ).toBe('found');
      }
    });

    it('does not judge a store whose role reads an account no listing covers', () => {
      expect(
        find(
          two,
          { region: 'eu-west-1', role: 'arn:aws:iam::333333333333:role/x' },
          'payments/db',
        ).status,
      ).toBe('not-loaded');
    });

    it('does not call a key outside the listed name prefixes absent', () => {
      const role = 'arn:aws:iam::222222222222:role/eso-reader';
      expect(
        find(two, { region: 'eu-west-1', role }, 'payments/gone').status,
      ).toBe('absent');
      expect(
        find(two, { region: 'eu-west-1', role }, 'billing/db').status,
      ).toBe('not-loaded');
      expect(
        find(
          two,
          { region: 'eu-west-1' },
          arn('eu-west-1', 'billing/db', '222222222222'),
        ).status,
      ).toBe('not-loaded');
    });

    it("finds an ARN in its own account's listing whatever the store's role", () => {
      expect(
        find(
          two,
          { region: 'eu-west-1' },
          arn('eu-west-1', 'payments/db-AbCdEf', '222222222222'),
        ).status,
      ).toBe('found');
      expect(
        find(
          two,
          { region: 'eu-west-1' },
          arn('eu-west-1', 'payments/other', '222222222222'),
        ).status,
      ).toBe('absent');
    });
  });
});
