/*
 * external-secrets:aws:create-secret against moto, the AWS emulator, run as a real server.
 */
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { motoClientConfig, useMoto } from '@eso-health/test-harness';
import { ConfigReader } from '@backstage/config';
import { SecretsManagerClientFactory } from '../aws/clientForRegion';
import { clientsFromConfig } from '../aws/clientsFromConfig';
import { createAwsCreateSecretAction } from './awsCreateSecret';

const moto = useMoto();
let client: SecretsManagerClient;
const clientForRegion = jest.fn<
  ReturnType<SecretsManagerClientFactory>,
  Parameters<SecretsManagerClientFactory>
>();

beforeAll(() => {
  client = new SecretsManagerClient(motoClientConfig(moto, 'eu-west-1'));
});

afterAll(() => client?.destroy());

beforeEach(async () => {
  await moto.reset();
  clientForRegion.mockReset();
  clientForRegion.mockReturnValue(client);
});

const action = createAwsCreateSecretAction({ clientForRegion });

const input = {
  name: 'checkout/prod/db',
  region: 'eu-west-1',
  owner: 'group:default/team-checkout',
  entityRef: 'component:default/checkout',
};

async function run(
  actionInput: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  const ctx = {
    ...createMockActionContext({
      input: actionInput as any,
      templateInfo: { entityRef: 'template:default/external-secret-pipeline' },
    }),
    ...extra,
  };
  await action.handler(ctx as any);
  return ctx;
}

describe('external-secrets:aws:create-secret', () => {
  it('creates the secret without a value, tagged with owner, entity and manager, and outputs its ARN', async () => {
    const ctx = await run(input);

    const described = await client.send(
      new DescribeSecretCommand({ SecretId: 'checkout/prod/db' }),
    );
    expect(described.Name).toBe('checkout/prod/db');
    expect(described.ARN).toMatch(
      /^arn:aws:secretsmanager:eu-west-1:\d{12}:secret:checkout\/prod\/db-\w{6}$/,
    );
    expect(described.Description).toBe(
      'Read by External Secrets for component:default/checkout; owned by group:default/team-checkout. Created empty by Backstage.',
    );
    expect(described.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'backstage.io/owner', Value: 'group:default/team-checkout' },
        { Key: 'backstage.io/entity-ref', Value: 'component:default/checkout' },
        { Key: 'managed-by', Value: 'backstage-scaffolder' },
        {
          Key: 'backstage.io/template',
          Value: 'template:default/external-secret-pipeline',
        },
      ]),
    );
    expect(described.Tags).toHaveLength(4);
    // No version at all: nothing was written as a value.
    const versions = await client.send(
      new ListSecretVersionIdsCommand({ SecretId: 'checkout/prod/db' }),
    );
    expect(versions.Versions ?? []).toEqual([]);
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'checkout/prod/db' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

    expect(clientForRegion).toHaveBeenCalledWith({
      region: 'eu-west-1',
      account: undefined,
    });
    expect(ctx.output).toHaveBeenCalledWith('arn', described.ARN);
    expect(ctx.output).toHaveBeenCalledWith('name', 'checkout/prod/db');
  });

  it('refuses when the secret already exists, and leaves it untouched', async () => {
    await client.send(
      new CreateSecretCommand({
        Name: 'checkout/prod/db',
        Description: 'made by hand',
        Tags: [{ Key: 'team', Value: 'checkout' }],
      }),
    );
    const before = await client.send(
      new DescribeSecretCommand({ SecretId: 'checkout/prod/db' }),
    );

    await expect(run(input)).rejects.toThrow(
      'name: the secret "checkout/prod/db" already exists in eu-west-1; it was left untouched. Uncheck "create the secret" to use it, or choose another remote key',
    );
    const after = await client.send(
      new DescribeSecretCommand({ SecretId: 'checkout/prod/db' }),
    );
    expect(after.Description).toBe('made by hand');
    expect(after.Tags).toEqual([{ Key: 'team', Value: 'checkout' }]);
    expect(after.LastChangedDate).toEqual(before.LastChangedDate);
  });

  it('refuses when a secret of that name is scheduled for deletion', async () => {
    await client.send(new CreateSecretCommand({ Name: 'checkout/prod/db' }));
    await client.send(
      new DeleteSecretCommand({
        SecretId: 'checkout/prod/db',
        RecoveryWindowInDays: 7,
      }),
    );
    await expect(run(input)).rejects.toThrow(
      'name: a secret "checkout/prod/db" is scheduled for deletion in eu-west-1; restore it (aws secretsmanager restore-secret) or choose another remote key',
    );
  });

  it('returns a plausible ARN in dry runs without calling AWS', async () => {
    const ctx = await run(input, { isDryRun: true });
    expect(clientForRegion).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith(
      'arn',
      'arn:aws:secretsmanager:eu-west-1:000000000000:secret:checkout/prod/db-dryrun',
    );
    await expect(
      client.send(new DescribeSecretCommand({ SecretId: 'checkout/prod/db' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('never accepts a secret value, and never echoes one', async () => {
    const error = await run({
      ...input,
      secretString: 'hunter2',
    }).catch(e => e);
    expect(error.message).toBe(
      'secretString: not an input of external-secrets:aws:create-secret; it never accepts a secret value (put the value with your own AWS access)',
    );
    expect(error.message).not.toContain('hunter2');
    expect(clientForRegion).not.toHaveBeenCalled();
    expect(action.schema?.input).toMatchObject({ additionalProperties: false });
  });

  it.each([
    [
      { name: 'checkout/prod/db-backup' },
      /^name: "checkout\/prod\/db-backup" ends with '-' and six characters/,
    ],
    [
      { name: 'checkout prod' },
      /^name: "checkout prod" is not a valid AWS Secrets Manager name/,
    ],
    [
      { region: 'europe' },
      /^region: "europe" is not an AWS region such as eu-west-1$/,
    ],
    [
      { owner: 'team-checkout' },
      /^owner: "team-checkout" is not a full entity ref/,
    ],
    [
      { entityRef: 'checkout' },
      /^entityRef: "checkout" is not a full entity ref/,
    ],
  ])('refuses %j before calling AWS', async (change, message) => {
    await expect(run({ ...input, ...change })).rejects.toThrow(message);
    expect(clientForRegion).not.toHaveBeenCalled();
  });

  it('creates the secret only in the expected account', async () => {
    // moto acts in account 123456789012.
    await run({ ...input, accountId: '123456789012' });
    await client.send(new DescribeSecretCommand({ SecretId: input.name }));

    await expect(
      run({ ...input, name: 'checkout/prod/api', accountId: '111122223333' }),
    ).rejects.toThrow(
      'accountId: the AWS account configured for eu-west-1 is 123456789012, not 111122223333; nothing was created.',
    );
    await expect(
      client.send(new DescribeSecretCommand({ SecretId: 'checkout/prod/api' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('passes the account name to the client factory, and its errors through', async () => {
    clientForRegion.mockImplementation(() => {
      throw new Error('region: no AWS account is configured for eu-west-1');
    });
    await expect(run({ ...input, account: 'payments' })).rejects.toThrow(
      'region: no AWS account is configured for eu-west-1',
    );
    expect(clientForRegion).toHaveBeenCalledWith({
      region: 'eu-west-1',
      account: 'payments',
    });
  });

  it('reaches the account configured for the region in externalSecrets.aws.accounts', async () => {
    const config = new ConfigReader({
      externalSecrets: {
        aws: {
          accounts: [
            {
              name: 'shop',
              region: 'eu-west-1',
              endpoint: moto.endpoint,
              ...moto.credentials,
            },
          ],
        },
      },
    });
    const configured = createAwsCreateSecretAction({
      clientForRegion: clientsFromConfig(config),
    });
    const ctx = createMockActionContext({ input });
    await configured.handler(ctx as any);
    const described = await client.send(
      new DescribeSecretCommand({ SecretId: 'checkout/prod/db' }),
    );
    expect(ctx.output).toHaveBeenCalledWith('arn', described.ARN);

    await expect(
      configured.handler(
        createMockActionContext({
          input: { ...input, region: 'us-east-1' },
        }) as any,
      ),
    ).rejects.toThrow(
      'region: no AWS account is configured for us-east-1 in externalSecrets.aws.accounts (app-config); configured: shop (eu-west-1)',
    );
  });
});
