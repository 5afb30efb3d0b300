import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import {
  AwsAccountConfig,
  awsFailureReason,
  ProviderCollectError,
} from '@eso-health/plugin-external-secrets-node';
import { createIamUser, motoAccount, useMoto } from '@eso-health/test-harness';
import { ParameterStoreCollector } from './ParameterStoreCollector';

const REGION = 'eu-west-1';
const SCOPE = `aws-parameter-store/test/${REGION}`;

describe('ParameterStoreCollector against moto', () => {
  const moto = useMoto();
  let admin: SSMClient;

  beforeEach(async () => {
    await moto.reset();
    admin = new SSMClient({
      region: REGION,
      endpoint: moto.endpoint,
      credentials: moto.credentials,
    });
  });

  const account = (
    extra: Partial<AwsAccountConfig> = {},
  ): AwsAccountConfig => ({ ...motoAccount(moto, REGION), ...extra });
  const put = (name: string, value: string, overwrite = false) =>
    admin.send(
      new PutParameterCommand({
        Name: name,
        Value: value,
        Type: 'SecureString',
        Overwrite: overwrite,
      }),
    );

  it('lists every parameter’s version and change time through DescribeParameters pages, never a value', async () => {
    for (let i = 0; i < 60; i++) await put(`/payments/p${i}`, `canary-${i}`);
    await put('/payments/p0', 'canary-new', true);
    await put('/ledger/db', 'canary-ledger');

    const collector = new ParameterStoreCollector([account()]);
    expect(collector.scopes()).toEqual([SCOPE]);
    const { listing, apiCalls } = await collector.collect(SCOPE);
    expect(listing).toMatchObject({
      provider: 'aws-parameter-store',
      region: REGION,
    });
    expect(listing.secrets).toHaveLength(61);
    const p0 = listing.secrets.find(s => s.name === '/payments/p0');
    expect(p0).toMatchObject({
      currentVersion: 2,
      lastChangedDate: expect.any(String),
    });
    expect(p0?.currentVersionCreatedDate).toBe(p0?.lastChangedDate);
    // Pages are best-effort: AWS returns up to 50 (MaxResults), moto 10; the paginator follows NextToken.
    expect(Object.keys(apiCalls)).toEqual(['DescribeParameters']);
    expect(apiCalls.DescribeParameters).toBe(Math.ceil(61 / 10));
    expect(JSON.stringify(listing)).not.toMatch(/canary/);
  });

  it('describes only the configured name prefixes', async () => {
    await put('/payments/db', 'v');
    await put('/ledger/db', 'v');
    const { listing } = await new ParameterStoreCollector([
      account({ namePrefixes: ['/payments/'] }),
    ]).collect(SCOPE);
    expect(listing.secrets.map(s => s.name)).toEqual(['/payments/db']);
    expect(listing.namePrefixes).toEqual(['/payments/']);
  });

  it('sees a deleted parameter disappear', async () => {
    await put('/payments/db', 'v');
    await admin.send(new DeleteParameterCommand({ Name: '/payments/db' }));
    const { listing } = await new ParameterStoreCollector([account()]).collect(
      SCOPE,
    );
    expect(listing.secrets).toEqual([]);
  });

  describe('with IAM enforced', () => {
    let users = 0;

    it('works with ssm:DescribeParameters alone, which cannot read a value', async () => {
      await put('/payments/db', 'canary');
      const keys = await createIamUser(moto, `ssm-reader-${++users}`, [
        'ssm:DescribeParameters',
      ]);
      await moto.enforceIam();

      const { listing } = await new ParameterStoreCollector([
        account({ staticCredentials: keys }),
      ]).collect(SCOPE);
      expect(listing.secrets.map(s => s.name)).toEqual(['/payments/db']);

      const sameUser = new SSMClient({
        region: REGION,
        endpoint: moto.endpoint,
        credentials: keys,
        maxAttempts: 1,
      });
      for (const call of [
        new GetParameterCommand({ Name: '/payments/db', WithDecryption: true }),
        new GetParameterHistoryCommand({ Name: '/payments/db' }),
      ]) {
        const error = await sameUser.send(call as never).catch(e => e);
        expect(awsFailureReason(error)).toBe('access-denied');
      }
    });

    it('names the missing permission when DescribeParameters is denied', async () => {
      const keys = await createIamUser(moto, `ssm-reader-${++users}`, [
        'ssm:GetParameter',
      ]);
      await moto.enforceIam();
      const error = await new ParameterStoreCollector([
        account({ staticCredentials: keys }),
      ])
        .collect(SCOPE)
        .catch(e => e);
      expect(error).toBeInstanceOf(ProviderCollectError);
      expect(error.reason).toBe('access-denied');
      expect(error.message).toContain(
        'AWS Parameter Store test (eu-west-1): access denied to ssm:DescribeParameters',
      );
    });
  });
});
