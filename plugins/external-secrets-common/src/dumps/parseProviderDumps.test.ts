import {
  parseSsmDescribeParameters,
  parseVaultMetadataDump,
} from './parseProviderDumps';

const at = { refreshedAt: '2024-05-01T12:00:00Z', source: 'dump.json' };

describe('parseSsmDescribeParameters', () => {
  it('reads aws ssm describe-parameters pages into one listing per region', () => {
    const metadata = parseSsmDescribeParameters(
      JSON.stringify({
        Parameters: [
          {
            Name: '/shop/db',
            ARN: 'arn:aws:ssm:eu-west-1:111122223333:parameter/shop/db',
            LastModifiedDate: '2024-05-01T10:00:00.123000+00:00',
            Version: 3,
            Policies: [
              {
                PolicyText:
                  '{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2024-05-03T00:00:00.000Z"}}',
              },
            ],
          },
          { Name: 'no-arn' },
        ],
      }),
      at,
    );
    expect(metadata).toEqual({
      'aws-parameter-store/eu-west-1': {
        provider: 'aws-parameter-store',
        region: 'eu-west-1',
        refreshedAt: '2024-05-01T12:00:00.000Z',
        secrets: [
          {
            provider: 'aws-parameter-store',
            region: 'eu-west-1',
            name: '/shop/db',
            arn: 'arn:aws:ssm:eu-west-1:111122223333:parameter/shop/db',
            lastChangedDate: '2024-05-01T10:00:00.123Z',
            currentVersionCreatedDate: '2024-05-01T10:00:00.123Z',
            currentVersion: 3,
            expiresDate: '2024-05-03T00:00:00.000Z',
          },
        ],
      },
    });
  });

  it('refuses anything else without quoting it', () => {
    expect(() => parseSsmDescribeParameters('{"SecretList":[]}', at)).toThrow(
      'dump.json is not the output of `aws ssm describe-parameters --output json`',
    );
    expect(() => parseSsmDescribeParameters('nope s3cr3t', at)).toThrow(
      /^dump.json is not valid JSON/,
    );
  });
});

describe('parseVaultMetadataDump', () => {
  const response = (version: Record<string, unknown>, extra = {}) => ({
    request_id: 'x',
    data: {
      current_version: 2,
      updated_time: '2024-05-01T11:00:00Z',
      versions: {
        '1': { created_time: '2024-04-01T00:00:00Z', deletion_time: '' },
        '2': { created_time: '2024-05-01T11:00:00Z', ...version },
      },
      ...extra,
    },
  });

  it('maps versions, deletions, destructions and expiries of a dump', () => {
    const metadata = parseVaultMetadataDump(
      {
        server: 'http://vault.vault:8200',
        mount: 'secret/',
        metadata: {
          'shop/db': response({ deletion_time: '' }),
          'shop/deleted': response({ deletion_time: '2024-05-01T11:30:00Z' }),
          'shop/destroyed': response({ destroyed: true }),
          'shop/expiring': response(
            { deletion_time: '2024-05-02T11:00:00Z' },
            { delete_version_after: '24h' },
          ),
          'shop/only-data': response({}).data,
          'shop/no-version': { data: { current_version: 0 } },
        },
      },
      at,
    );
    const listing = metadata['vault/http://vault.vault:8200/secret'];
    expect(listing).toMatchObject({
      provider: 'vault',
      region: 'secret',
      servers: ['http://vault.vault:8200'],
    });
    const byName = Object.fromEntries(listing.secrets.map(s => [s.name, s]));
    expect(Object.keys(byName)).toEqual([
      'shop/db',
      'shop/deleted',
      'shop/destroyed',
      'shop/expiring',
      'shop/only-data',
    ]);
    expect(byName['shop/db']).toEqual({
      provider: 'vault',
      region: 'secret',
      name: 'shop/db',
      arn: 'http://vault.vault:8200/secret/shop/db',
      lastChangedDate: '2024-05-01T11:00:00.000Z',
      currentVersionCreatedDate: '2024-05-01T11:00:00.000Z',
      currentVersion: 2,
    });
    expect(byName['shop/deleted']).toMatchObject({
      deletion: 'deleted',
      deletedDate: '2024-05-01T11:30:00.000Z',
    });
    expect(byName['shop/destroyed']).toMatchObject({ deletion: 'destroyed' });
    expect(byName['shop/expiring']).toMatchObject({
      expiresDate: '2024-05-02T11:00:00.000Z',
    });
    expect(byName['shop/expiring'].deletion).toBeUndefined();
  });

  it('refuses a dump without server, mount or metadata', () => {
    expect(() => parseVaultMetadataDump({ mount: 'secret' }, at)).toThrow(
      /is not a Vault KV metadata dump/,
    );
  });
});
