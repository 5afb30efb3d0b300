/*
 * The IAM policy the "New secret pipeline" template writes for ESO's role on a Parameter Store
 * store, evaluated by moto's IAM engine: rendered through the real scaffolder dry-run route
 * (the template's own files and values, as in template.dryrun.test.ts), attached verbatim as
 * the only policy of an IAM user in moto, and exercised with that user's keys while moto
 * enforces IAM. The user must read (with decryption) the one parameter the ExternalSecret
 * names, and nothing else: not a neighbour whose name extends it, not another parameter of
 * the service, no writes, no reads of several parameters at once.
 *
 * What moto checks here, and what it does not:
 * - It checks the action, and the parameter ARN a GetParameter or PutParameter names (the test
 *   harness's motoLauncher.py corrects moto, which would check every SSM call against "*").
 * - It does not model KMS for Parameter Store: a SecureString is "encrypted" without calling
 *   KMS, so kms:Decrypt and its kms:EncryptionContext:PARAMETER_ARN condition (the statement
 *   the template adds for a customer managed key) are never evaluated. That statement is
 *   checked as written (ssmPolicyRules, template.dryrun.test.ts), and here only for not
 *   widening what the user may do in Parameter Store.
 */
import {
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { MotoServer } from '@eso-health/test-harness';
import {
  accessOutcome,
  MOTO_ACCOUNT_ID,
  MOTO_REGION,
  startMotoWithIamUsers,
} from './__testUtils__/motoIamUsers';
import { renderCheckoutFile } from './__testUtils__/templateDryRun';

jest.setTimeout(120_000);

const PARAMETER = '/checkout/prod/db';
const PARAMETER_ARN = `arn:aws:ssm:${MOTO_REGION}:${MOTO_ACCOUNT_ID}:parameter/checkout/prod/db`;
/** Its name extends the parameter's: the policy names an ARN, not a prefix. */
const NEIGHBOUR = '/checkout/prod/db-backup';
const OTHER = '/checkout/prod/other';
/** A customer managed key in moto's account (moto never calls KMS for Parameter Store). */
const KMS_KEY_ARN = `arn:aws:kms:${MOTO_REGION}:${MOTO_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

describe("the template's Parameter Store IAM policy for ESO's role, evaluated by moto with IAM enforced", () => {
  let policies: { aws: string; cmk: string };
  let moto: MotoServer;
  const clients: Record<string, SSMClient> = {};

  beforeAll(async () => {
    // iam-policy.json exactly as the template writes it, without and with a customer managed key.
    const form = {
      cluster: 'prod-us',
      provider: 'aws-parameter-store',
      storeName: 'aws-params-prod',
      awsRegion: MOTO_REGION,
      awsAccountId: MOTO_ACCOUNT_ID,
      parameterName: PARAMETER,
      mappings: [{ property: 'password', envName: 'DB_PASSWORD' }],
    };
    policies = await renderCheckoutFile(
      'deploy/prod-us/checkout/checkout-db/iam-policy.json',
      { aws: form, cmk: { ...form, kmsKeyArn: KMS_KEY_ARN } },
    );
    const started = await startMotoWithIamUsers({
      userPrefix: 'eso-checkout',
      policies,
      seed: async admin => {
        const client = new SSMClient(admin);
        for (const name of [PARAMETER, NEIGHBOUR, OTHER]) {
          await client.send(
            new PutParameterCommand({
              Name: name,
              Type: 'SecureString',
              Value: `value of ${name}`,
            }),
          );
        }
      },
    });
    moto = started.moto;
    for (const [user, config] of Object.entries(started.users)) {
      clients[user] = new SSMClient(config);
    }
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it("is the least-privilege policy for the one parameter, in moto's account", () => {
    const read = {
      Sid: 'ReadOneParameterForExternalSecrets',
      Effect: 'Allow',
      Action: ['ssm:GetParameter'],
      Resource: PARAMETER_ARN,
    };
    expect(JSON.parse(policies.aws)).toEqual({
      Version: '2012-10-17',
      Statement: [read],
    });
    expect(JSON.parse(policies.cmk)).toEqual({
      Version: '2012-10-17',
      Statement: [
        read,
        {
          Sid: 'DecryptThisParameterForExternalSecrets',
          Effect: 'Allow',
          Action: ['kms:Decrypt'],
          Resource: KMS_KEY_ARN,
          Condition: {
            StringEquals: {
              'kms:EncryptionContext:PARAMETER_ARN': PARAMETER_ARN,
            },
          },
        },
      ],
    });
  });

  describe.each([
    ['the AWS managed key aws/ssm', 'aws'],
    [
      'a customer managed key (its kms:Decrypt statement not evaluated by moto)',
      'cmk',
    ],
  ])('the policy for a SecureString under %s', (_, user) => {
    const ssm = () => clients[user];

    it('lets ESO read the parameter, decrypted, as ESO does: by name and by ARN', async () => {
      const { Parameter } = await ssm().send(
        new GetParameterCommand({ Name: PARAMETER, WithDecryption: true }),
      );
      expect(Parameter).toMatchObject({
        Name: PARAMETER,
        Type: 'SecureString',
        Value: `value of ${PARAMETER}`,
        ARN: PARAMETER_ARN,
      });
      expect(
        await accessOutcome(
          ssm().send(
            new GetParameterCommand({
              Name: PARAMETER_ARN,
              WithDecryption: true,
            }),
          ),
        ),
      ).toBe('allowed');
    });

    it.each([
      ['a neighbour whose name extends it', NEIGHBOUR],
      ['another parameter of the service', OTHER],
    ])('denies %s (%s)', async (__, name) => {
      expect(
        await accessOutcome(
          ssm().send(
            new GetParameterCommand({ Name: name, WithDecryption: true }),
          ),
        ),
      ).toBe('access-denied');
    });

    it('only reads: PutParameter on the parameter itself is denied', async () => {
      expect(
        await accessOutcome(
          ssm().send(
            new PutParameterCommand({
              Name: PARAMETER,
              Type: 'SecureString',
              Value: 'changed',
              Overwrite: true,
            }),
          ),
        ),
      ).toBe('access-denied');
    });

    it('reads one parameter by name: GetParameters and GetParametersByPath are denied', async () => {
      expect(
        await accessOutcome(
          ssm().send(
            new GetParametersCommand({
              Names: [PARAMETER],
              WithDecryption: true,
            }),
          ),
        ),
      ).toBe('access-denied');
      expect(
        await accessOutcome(
          ssm().send(
            new GetParametersByPathCommand({ Path: '/checkout/prod' }),
          ),
        ),
      ).toBe('access-denied');
    });
  });

  it('left the parameter as it was', async () => {
    const { Parameter } = await clients.aws.send(
      new GetParameterCommand({ Name: PARAMETER, WithDecryption: true }),
    );
    expect(Parameter?.Value).toBe(`value of ${PARAMETER}`);
  });
});
