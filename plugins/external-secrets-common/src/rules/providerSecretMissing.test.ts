import {
  awsSecret,
  before,
  context,
  providerWith,
  REGION,
} from './testContext';
import { providerSecretMissing } from './providerSecretMissing';

describe('provider-secret-missing', () => {
  it('reports an absent key with when AWS data was refreshed', () => {
    const provider = {
      ...providerWith(awsSecret()),
      keys: [
        {
          key: 'prod/payments/gone',
          lookup: {
            status: 'absent' as const,
            listing: REGION,
            scope: 'aws/default/eu-west-1',
          },
        },
      ],
    };
    expect(providerSecretMissing(context({ provider }))).toEqual([
      {
        rule: 'provider-secret-missing',
        severity: 'error',
        message: `Remote key "prod/payments/gone" does not exist in AWS Secrets Manager in eu-west-1 (AWS data as of ${before(
          60,
        )}, 1m ago), so ESO cannot read it.`,
        remedy:
          'Create the secret in eu-west-1, or fix the key in the ExternalSecret.',
      },
    ]);
  });

  it('shows the prefixed name ESO looks up', () => {
    const provider = {
      ...providerWith(awsSecret()),
      prefix: 'prod/',
      keys: [
        {
          key: 'db',
          lookup: {
            status: 'absent' as const,
            listing: REGION,
            scope: 'aws/default/eu-west-1',
          },
        },
      ],
    };
    const [finding] = providerSecretMissing(context({ provider }));
    expect(finding.message).toContain(
      'Remote key "db" (with the store prefix: "prod/db")',
    );
    expect(finding.remedy).toContain('or the store prefix');
  });

  it('reports a key scheduled for deletion', () => {
    const secret = awsSecret({ deletedDate: '2024-04-30T00:00:00Z' });
    const [finding] = providerSecretMissing(
      context({ provider: providerWith(secret) }),
    );
    expect(finding.message).toBe(
      `AWS secret "prod/payments/db" is scheduled for deletion (deleted 2024-04-30T00:00:00Z, AWS data as of ${before(
        60,
      )}, 1m ago), so ESO cannot read it.`,
    );
    expect(finding.remedy).toBe(
      'Restore it with aws secretsmanager restore-secret --secret-id arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/payments/db-AbCdEf --region eu-west-1, or point the ExternalSecret at another key.',
    );
  });

  it('reports each missing key', () => {
    const provider = {
      ...providerWith(awsSecret()),
      keys: [
        {
          key: 'a',
          lookup: {
            status: 'absent' as const,
            listing: REGION,
            scope: 'aws/default/eu-west-1',
          },
        },
        {
          key: 'b',
          lookup: {
            status: 'found' as const,
            secret: awsSecret(),
            listing: REGION,
            scope: 'aws/default/eu-west-1',
          },
        },
        {
          key: 'c',
          lookup: {
            status: 'absent' as const,
            listing: REGION,
            scope: 'aws/default/eu-west-1',
          },
        },
      ],
    };
    expect(
      providerSecretMissing(context({ provider })).map(
        f => f.message.split('"')[1],
      ),
    ).toEqual(['a', 'c']);
  });

  it('stays silent for present keys, unloaded regions and non-AWS stores', () => {
    expect(providerSecretMissing(context())).toEqual([]);
    expect(
      providerSecretMissing(
        context({
          provider: {
            ...providerWith(awsSecret()),
            keys: [{ key: 'x', lookup: { status: 'not-loaded' } }],
          },
        }),
      ),
    ).toEqual([]);
    expect(providerSecretMissing(context({ provider: undefined }))).toEqual([]);
  });
});
