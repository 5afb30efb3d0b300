import {
  AwsListSecretsParseError,
  parseAwsListSecrets,
} from './parseAwsListSecrets';

const arn = (region: string, name: string) =>
  `arn:aws:secretsmanager:${region}:111122223333:secret:${name}-AbC123`;

describe('parseAwsListSecrets', () => {
  const refreshedAt = '2026-11-23T12:00:00Z';

  it('reads one page, grouping by the region of each ARN', () => {
    const metadata = parseAwsListSecrets(
      JSON.stringify({
        SecretList: [
          {
            ARN: arn('eu-west-1', 'checkout/prod/db'),
            Name: 'checkout/prod/db',
            Description: 'dropped',
            Tags: [{ Key: 'team', Value: 'checkout' }],
            SecretVersionsToStages: { v1: ['AWSCURRENT'] },
            RotationEnabled: true,
            RotationRules: { AutomaticallyAfterDays: 30 },
            LastRotatedDate: '2026-11-23T11:57:00.123000+00:00',
            LastChangedDate: 1795435020.5,
            NextRotationDate: '2026-12-23T00:00:00+00:00',
          },
          {
            ARN: arn('us-east-1', 'old'),
            Name: 'old',
            LastChangedDate: 1795000000,
            DeletedDate: '2026-11-22T16:00:00Z',
          },
        ],
        NextToken: 'ignored',
      }),
      { refreshedAt },
    );
    expect(metadata).toEqual({
      'eu-west-1': {
        provider: 'aws',
        region: 'eu-west-1',
        refreshedAt: '2026-11-23T12:00:00.000Z',
        secrets: [
          {
            provider: 'aws',
            region: 'eu-west-1',
            arn: arn('eu-west-1', 'checkout/prod/db'),
            name: 'checkout/prod/db',
            lastChangedDate: '2026-11-23T11:57:00.500Z',
            rotationEnabled: true,
            nextRotationDate: '2026-12-23T00:00:00.000Z',
            lastRotatedDate: '2026-11-23T11:57:00.123Z',
            deletedDate: null,
          },
        ],
      },
      'us-east-1': {
        provider: 'aws',
        region: 'us-east-1',
        refreshedAt: '2026-11-23T12:00:00.000Z',
        secrets: [
          {
            provider: 'aws',
            region: 'us-east-1',
            arn: arn('us-east-1', 'old'),
            name: 'old',
            lastChangedDate: new Date(1795000000 * 1000).toISOString(),
            rotationEnabled: false,
            nextRotationDate: null,
            lastRotatedDate: null,
            deletedDate: '2026-11-22T16:00:00.000Z',
          },
        ],
      },
    });
    expect(JSON.stringify(metadata)).not.toMatch(/dropped|team|AWSCURRENT/);
  });

  it('reads several pages in an array, already parsed, once per ARN', () => {
    const page = (names: string[]) => ({
      SecretList: names.map(name => ({
        ARN: arn('eu-west-1', name),
        Name: name,
      })),
    });
    const metadata = parseAwsListSecrets([page(['a', 'b']), page(['c', 'a'])], {
      refreshedAt,
    });
    expect(metadata['eu-west-1'].secrets.map(s => s.name)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('skips entries without a Secrets Manager ARN, and names entries from the ARN', () => {
    const metadata = parseAwsListSecrets(
      {
        SecretList: [
          { Name: 'no-arn' },
          { ARN: 'arn:aws:ssm:eu-west-1:111122223333:parameter/x' },
          { ARN: arn('eu-west-1', 'from/arn') },
          'junk',
        ],
      },
      { refreshedAt },
    );
    expect(metadata['eu-west-1'].secrets.map(s => s.name)).toEqual([
      'from/arn',
    ]);
  });

  it('returns no region for an empty listing', () => {
    expect(parseAwsListSecrets('{"SecretList": []}', { refreshedAt })).toEqual(
      {},
    );
  });

  it('rejects other input without quoting it', () => {
    expect(() =>
      parseAwsListSecrets('{"SecretString": "hunter2"', {
        refreshedAt,
        source: 'aws.json',
      }),
    ).toThrow(AwsListSecretsParseError);
    for (const input of [
      '{"SecretString": "hunter2"',
      '{"SecretString": "hunter2"}',
      '[{"SecretList": []}, {"hunter2": 1}]',
      '"hunter2"',
    ]) {
      const run = () =>
        parseAwsListSecrets(input, { refreshedAt, source: 'aws.json' });
      expect(run).toThrow(/aws\.json/);
      expect(run).not.toThrow(/hunter2/);
    }
    expect(() =>
      parseAwsListSecrets('{"SecretList": []}', { refreshedAt: 'yesterday' }),
    ).toThrow(/refreshedAt/);
  });
});
