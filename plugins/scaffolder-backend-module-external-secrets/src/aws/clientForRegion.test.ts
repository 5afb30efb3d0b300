import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { clientForRegionFromAccounts } from './clientForRegion';

const accounts = [
  { name: 'prod', region: 'eu-west-1' },
  { name: 'prod', region: 'us-east-1' },
  { name: 'payments', region: 'us-east-1' },
];

function factory(list = accounts) {
  const createClient = jest.fn(
    (account: { name: string; region: string }) =>
      new SecretsManagerClient({ region: account.region }),
  );
  return {
    createClient,
    forRegion: clientForRegionFromAccounts(list, createClient),
  };
}

describe('clientForRegionFromAccounts', () => {
  it('picks the account of the region, one client per account', () => {
    const { createClient, forRegion } = factory();
    const client = forRegion({ region: 'eu-west-1' });
    expect(forRegion({ region: 'eu-west-1' })).toBe(client);
    expect(createClient).toHaveBeenCalledTimes(1);
    expect(createClient).toHaveBeenCalledWith(accounts[0]);
  });

  it('needs the account name when several accounts serve the region', () => {
    const { createClient, forRegion } = factory();
    expect(() => forRegion({ region: 'us-east-1' })).toThrow(
      "account: several AWS accounts serve us-east-1 (prod, payments); name one in the action's account input",
    );
    forRegion({ region: 'us-east-1', account: 'payments' });
    expect(createClient).toHaveBeenCalledWith(accounts[2]);
  });

  it('names the region and what is configured when nothing matches', () => {
    const { forRegion } = factory();
    expect(() => forRegion({ region: 'ap-south-1' })).toThrow(
      'region: no AWS account is configured for ap-south-1 in externalSecrets.aws.accounts (app-config); configured: prod (eu-west-1), prod (us-east-1), payments (us-east-1)',
    );
    expect(() =>
      forRegion({ region: 'eu-west-1', account: 'payments' }),
    ).toThrow(
      'region: no AWS account named "payments" is configured for eu-west-1',
    );
    expect(() => factory([]).forRegion({ region: 'eu-west-1' })).toThrow(
      'in externalSecrets.aws.accounts (app-config); none is configured',
    );
  });
});
