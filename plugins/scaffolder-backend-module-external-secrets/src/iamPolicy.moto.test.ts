/*
 * The IAM policy the "New secret pipeline" template writes for ESO's role, evaluated by moto's
 * IAM engine (with the harness's corrections for Secrets Manager resources and IAM wildcards,
 * see packages/test-harness/src/motoLauncher.py): rendered through the real scaffolder dry-run route (the template's own files and
 * values, as in template.dryrun.test.ts), attached verbatim as the only policy of an IAM user
 * in moto, and exercised with that user's keys while moto enforces IAM. The user must read the
 * one secret the ExternalSecret names, and nothing else: not a neighbour whose name extends
 * the key, not another secret of the service, no writes, no listing.
 */
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { MotoServer } from '@eso-health/test-harness';
import {
  accessOutcome,
  MOTO_ACCOUNT_ID,
  MOTO_REGION,
  startMotoWithIamUsers,
} from './__testUtils__/motoIamUsers';
import { validIamPolicy } from './__testUtils__/pipelineFixtures';
import { renderCheckoutFile } from './__testUtils__/templateDryRun';

jest.setTimeout(120_000);

const KEY = 'checkout/prod/db';
/** Its name extends the key: `-??????` must not reach it (its ARN ends in `-backup-` + 6). */
const NEIGHBOUR = 'checkout/prod/db-backup';
const OTHER = 'checkout/prod/other';

describe("the template's IAM policy for ESO's role, evaluated by moto with IAM enforced", () => {
  let policyText: string;
  let moto: MotoServer;
  let eso: SecretsManagerClient;
  const arns: Record<string, string> = {};

  beforeAll(async () => {
    // iam-policy.json exactly as the template writes it, from a dry run of the whole template.
    const rendered = await renderCheckoutFile(
      'deploy/prod-us/checkout/checkout-db/iam-policy.json',
      {
        policy: {
          cluster: 'prod-us',
          awsRegion: MOTO_REGION,
          awsAccountId: MOTO_ACCOUNT_ID,
          remoteKey: KEY,
          mappings: [{ property: 'password', envName: 'DB_PASSWORD' }],
        },
      },
    );
    policyText = rendered.policy;
    const started = await startMotoWithIamUsers({
      userPrefix: 'eso-checkout',
      policies: { policy: policyText },
      seed: async admin => {
        const client = new SecretsManagerClient(admin);
        for (const name of [KEY, NEIGHBOUR, OTHER]) {
          const { ARN } = await client.send(
            new CreateSecretCommand({
              Name: name,
              SecretString: `value of ${name}`,
            }),
          );
          arns[name] = ARN!;
        }
      },
    });
    moto = started.moto;
    eso = new SecretsManagerClient(started.users.policy);
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it("is the least-privilege policy for the one secret, in moto's account", () => {
    expect(JSON.parse(policyText)).toEqual(
      validIamPolicy(
        `arn:aws:secretsmanager:${MOTO_REGION}:${MOTO_ACCOUNT_ID}:secret:${KEY}-??????`,
      ),
    );
    // The secret moto created has the ARN the policy was written for.
    expect(arns[KEY]).toMatch(
      new RegExp(
        `^arn:aws:secretsmanager:${MOTO_REGION}:${MOTO_ACCOUNT_ID}:secret:checkout/prod/db-[A-Za-z0-9]{6}$`,
      ),
    );
  });

  /** What ESO's two read calls on a secret get: GetSecretValue, then DescribeSecret. */
  async function esoReads(secretId: string): Promise<string[]> {
    return [
      await accessOutcome(
        eso.send(new GetSecretValueCommand({ SecretId: secretId })),
      ),
      await accessOutcome(
        eso.send(new DescribeSecretCommand({ SecretId: secretId })),
      ),
    ];
  }

  it('lets ESO read the key by name: GetSecretValue and DescribeSecret', async () => {
    expect(await esoReads(KEY)).toEqual(['allowed', 'allowed']);
    const { SecretString } = await eso.send(
      new GetSecretValueCommand({ SecretId: KEY }),
    );
    expect(SecretString).toBe(`value of ${KEY}`);
  });

  it('lets ESO read the key by its full ARN', async () => {
    expect(await esoReads(arns[KEY])).toEqual(['allowed', 'allowed']);
  });

  it('denies a neighbour whose name extends the key (checkout/prod/db-backup)', async () => {
    for (const secretId of [NEIGHBOUR, arns[NEIGHBOUR]]) {
      expect(await esoReads(secretId)).toEqual([
        'access-denied',
        'access-denied',
      ]);
    }
  });

  it('denies another secret of the same service (checkout/prod/other)', async () => {
    expect(
      await accessOutcome(
        eso.send(new GetSecretValueCommand({ SecretId: OTHER })),
      ),
    ).toBe('access-denied');
  });

  it('only reads: PutSecretValue on the key and ListSecrets are denied', async () => {
    expect(
      await accessOutcome(
        eso.send(
          new PutSecretValueCommand({ SecretId: KEY, SecretString: 'changed' }),
        ),
      ),
    ).toBe('access-denied');
    expect(await accessOutcome(eso.send(new ListSecretsCommand({})))).toBe(
      'access-denied',
    );
  });
});
