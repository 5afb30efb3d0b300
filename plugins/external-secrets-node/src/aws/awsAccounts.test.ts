import { ConfigReader } from '@backstage/config';
import { awsScopeId, readAwsAccounts } from './awsAccounts';

/** A JSON object, as config holds it. */
type JsonObject = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

const read = (accounts: JsonObject[]) =>
  readAwsAccounts(new ConfigReader({ externalSecrets: { aws: { accounts } } }));

describe('readAwsAccounts', () => {
  it('reads nothing when no account is configured', () => {
    expect(readAwsAccounts(new ConfigReader({}))).toEqual([]);
  });

  it('names an account after its role, else "default", and keeps what is set', () => {
    const [byRole, plain, named] = read([
      {
        region: 'eu-west-1',
        roleArn: 'arn:aws:iam::111122223333:role/reader',
        externalId: 'backstage',
        namePrefixes: ['payments/'],
      },
      { region: 'us-east-1', accessKeyId: 'AKIA', secretAccessKey: 'secret' },
      { name: 'shop', region: 'cn-north-1', endpoint: 'http://127.0.0.1:5000' },
    ]);
    expect(byRole).toEqual({
      name: '111122223333',
      region: 'eu-west-1',
      roleArn: 'arn:aws:iam::111122223333:role/reader',
      externalId: 'backstage',
      endpoint: undefined,
      namePrefixes: ['payments/'],
      staticCredentials: undefined,
    });
    expect(awsScopeId(byRole)).toBe('aws/111122223333/eu-west-1');
    expect(plain).toMatchObject({
      name: 'default',
      namePrefixes: [],
      staticCredentials: { accessKeyId: 'AKIA', secretAccessKey: 'secret' },
    });
    expect(named).toMatchObject({
      name: 'shop',
      endpoint: 'http://127.0.0.1:5000',
    });
  });

  it.each([
    [
      { region: 'Europe' },
      "externalSecrets.aws.accounts[0]: region 'Europe' is not an AWS region such as eu-west-1",
    ],
    [
      { region: 'eu-west-1', roleArn: 'arn:aws:iam::111122223333:user/x' },
      'is not an IAM role ARN',
    ],
    [
      { region: 'eu-west-1', accessKeyId: 'AKIA' },
      'set both accessKeyId and secretAccessKey, or neither',
    ],
    [
      {
        region: 'eu-west-1',
        namePrefixes: Array.from({ length: 11 }, (_, i) => `p${i}/`),
      },
      'at most 10 namePrefixes',
    ],
  ])('refuses %j, naming the entry and field', (account, message) => {
    expect(() => read([account])).toThrow(message);
  });

  it('refuses two accounts that would share a scope', () => {
    expect(() =>
      read([{ region: 'eu-west-1' }, { region: 'eu-west-1' }]),
    ).toThrow(
      "externalSecrets.aws.accounts[1]: 'aws/default/eu-west-1' is configured twice; give the accounts distinct names",
    );
  });
});
