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
import {
  createIamUserWithPolicy,
  MotoServer,
  startMoto,
} from '@eso-health/test-harness';
import { validIamPolicy } from './__testUtils__/pipelineFixtures';
import {
  checkoutFormValues,
  component,
  dryRunFiles,
  startTemplateDryRun,
} from './__testUtils__/templateDryRun';

jest.setTimeout(120_000);

/** moto's default account and region: secrets created there get ARNs in this account. */
const ACCOUNT_ID = '123456789012';
const REGION = 'us-east-1';
const KEY = 'checkout/prod/db';
/** Its name extends the key: `-??????` must not reach it (its ARN ends in `-backup-` + 6). */
const NEIGHBOUR = 'checkout/prod/db-backup';
const OTHER = 'checkout/prod/other';

/** iam-policy.json exactly as the template writes it, from a dry run of the whole template. */
async function renderIamPolicy(): Promise<string> {
  const dryRun = await startTemplateDryRun({
    entities: [
      component('checkout', { 'backstage.io/kubernetes-id': 'checkout' }),
    ],
  });
  try {
    const res = await dryRun.run({
      ...checkoutFormValues,
      cluster: 'prod-us',
      awsRegion: REGION,
      awsAccountId: ACCOUNT_ID,
      remoteKey: KEY,
      mappings: [{ property: 'password', envName: 'DB_PASSWORD' }],
    });
    if (res.status !== 200) {
      throw new Error(`dry run failed: ${JSON.stringify(res.body)}`);
    }
    const policy = dryRunFiles(res.body)[
      'deploy/prod-us/checkout/checkout-db/iam-policy.json'
    ];
    if (!policy) throw new Error('the dry run wrote no iam-policy.json');
    return policy;
  } finally {
    await dryRun.stop();
  }
}

/**
 * "allowed", "access-denied", or what else happened. moto answers a denial with an XML body
 * the JSON protocol cannot parse, so a denial is recognised by its HTTP status as well.
 */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'allowed';
  } catch (error) {
    const e = error as {
      name?: string;
      message?: string;
      $metadata?: { httpStatusCode?: number };
    };
    const status = e.$metadata?.httpStatusCode;
    if (
      e.name === 'AccessDeniedException' ||
      e.name === 'AccessDenied' ||
      status === 403
    ) {
      return 'access-denied';
    }
    return `${e.name} (HTTP ${status}): ${e.message?.split('\n')[0]}`;
  }
}

describe("the template's IAM policy for ESO's role, evaluated by moto with IAM enforced", () => {
  let policyText: string;
  let moto: MotoServer;
  let eso: SecretsManagerClient;
  const arns: Record<string, string> = {};

  beforeAll(async () => {
    policyText = await renderIamPolicy();
    moto = await startMoto();
    const admin = new SecretsManagerClient({
      region: REGION,
      endpoint: moto.endpoint,
      credentials: moto.credentials,
    });
    for (const name of [KEY, NEIGHBOUR, OTHER]) {
      const { ARN } = await admin.send(
        new CreateSecretCommand({
          Name: name,
          SecretString: `value of ${name}`,
        }),
      );
      arns[name] = ARN!;
    }
    const keys = await createIamUserWithPolicy(
      moto,
      'eso-checkout',
      policyText,
    );
    await moto.enforceIam();
    eso = new SecretsManagerClient({
      region: REGION,
      endpoint: moto.endpoint,
      credentials: keys,
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it("is the least-privilege policy for the one secret, in moto's account", () => {
    expect(JSON.parse(policyText)).toEqual(
      validIamPolicy(
        `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:${KEY}-??????`,
      ),
    );
    // The secret moto created has the ARN the policy was written for.
    expect(arns[KEY]).toMatch(
      new RegExp(
        `^arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:checkout/prod/db-[A-Za-z0-9]{6}$`,
      ),
    );
  });

  it('lets ESO read the key by name: GetSecretValue and DescribeSecret', async () => {
    expect(
      await outcome(eso.send(new GetSecretValueCommand({ SecretId: KEY }))),
    ).toBe('allowed');
    const { SecretString } = await eso.send(
      new GetSecretValueCommand({ SecretId: KEY }),
    );
    expect(SecretString).toBe(`value of ${KEY}`);
    expect(
      await outcome(eso.send(new DescribeSecretCommand({ SecretId: KEY }))),
    ).toBe('allowed');
  });

  it('lets ESO read the key by its full ARN', async () => {
    expect(
      await outcome(
        eso.send(new GetSecretValueCommand({ SecretId: arns[KEY] })),
      ),
    ).toBe('allowed');
    expect(
      await outcome(
        eso.send(new DescribeSecretCommand({ SecretId: arns[KEY] })),
      ),
    ).toBe('allowed');
  });

  it('denies a neighbour whose name extends the key (checkout/prod/db-backup)', async () => {
    for (const secretId of [NEIGHBOUR, arns[NEIGHBOUR]]) {
      expect(
        await outcome(
          eso.send(new GetSecretValueCommand({ SecretId: secretId })),
        ),
      ).toBe('access-denied');
      expect(
        await outcome(
          eso.send(new DescribeSecretCommand({ SecretId: secretId })),
        ),
      ).toBe('access-denied');
    }
  });

  it('denies another secret of the same service (checkout/prod/other)', async () => {
    expect(
      await outcome(eso.send(new GetSecretValueCommand({ SecretId: OTHER }))),
    ).toBe('access-denied');
  });

  it('only reads: PutSecretValue on the key and ListSecrets are denied', async () => {
    expect(
      await outcome(
        eso.send(
          new PutSecretValueCommand({ SecretId: KEY, SecretString: 'changed' }),
        ),
      ),
    ).toBe('access-denied');
    expect(await outcome(eso.send(new ListSecretsCommand({})))).toBe(
      'access-denied',
    );
  });
});
