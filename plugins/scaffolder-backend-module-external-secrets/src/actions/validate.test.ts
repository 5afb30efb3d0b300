import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse, stringify } from 'yaml';
import {
  CHECKOUT_KMS_KEY_ARN,
  CHECKOUT_PARAMETER,
  validExternalSecret,
  validIamPolicy,
  validSsmPolicy,
  validWorkloadPatch,
} from '../__testUtils__/pipelineFixtures';
import { createValidateAction } from './validate';

const action = createValidateAction();
const workspace = createMockDirectory();

function pipeline(
  overrides: Partial<Record<string, string>> = {},
): Record<string, string> {
  return {
    'deploy/checkout/external-secret.yaml': stringify(validExternalSecret()),
    'deploy/checkout/workload-patch.yaml': stringify(validWorkloadPatch()),
    'deploy/checkout/iam-policy.json': JSON.stringify(
      validIamPolicy(),
      null,
      2,
    ),
    'deploy/checkout/README.md': '# not read',
    ...overrides,
  } as Record<string, string>;
}

async function run(input: Record<string, unknown>) {
  const ctx = createMockActionContext({
    input: input as any,
    workspacePath: workspace.path,
  });
  await action.handler(ctx as any);
  return ctx;
}

describe('external-secrets:validate', () => {
  beforeEach(() => workspace.clear());

  it('shows template steps that run it on deploy/checkout as examples', () => {
    const step = (input: Record<string, unknown>) => ({
      steps: [
        {
          id: 'validate',
          action: 'external-secrets:validate',
          input: { path: 'deploy/checkout', ...input },
        },
      ],
    });
    expect(action.examples?.map(e => parse(e.example))).toEqual([
      step({ consumption: 'volume', reloader: false }),
      step({ provider: 'vault-kv-v2', vaultMount: 'secret' }),
    ]);
  });

  it('accepts the generated pipeline and outputs what it validated', async () => {
    workspace.setContent(
      pipeline({
        'deploy/checkout/external-secret.v1beta1.yaml': stringify(
          validExternalSecret('external-secrets.io/v1beta1'),
        ),
      }),
    );
    const ctx = await run({
      path: 'deploy/checkout',
      consumption: 'both',
      reloader: true,
      region: 'eu-west-1',
      apiVersions: ['external-secrets.io/v1', 'external-secrets.io/v1beta1'],
    });
    expect(ctx.output).toHaveBeenCalledWith('externalSecrets', [
      'external-secrets.io/v1 checkout/checkout-db',
      'external-secrets.io/v1beta1 checkout/checkout-db',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('files', [
      'external-secret.v1beta1.yaml',
      'external-secret.yaml',
      'iam-policy.json',
      'workload-patch.yaml',
    ]);
  });

  it('fails with every problem, each naming its file and field', async () => {
    const es = validExternalSecret();
    es.spec.refreshInterval = '30s';
    es.spec.data[1].secretKey = 'DB_USER';
    const patch = validWorkloadPatch();
    patch.spec.template.spec.containers[0].volumeMounts[0].subPath = 'x';
    const policy = validIamPolicy();
    policy.Statement[0].Resource = '*';
    workspace.setContent(
      pipeline({
        'deploy/checkout/external-secret.yaml': stringify(es),
        'deploy/checkout/workload-patch.yaml': stringify(patch),
        'deploy/checkout/iam-policy.json': JSON.stringify(policy),
      }),
    );
    await expect(run({ path: 'deploy/checkout' })).rejects.toThrow(
      [
        '6 problems in the generated secret pipeline:',
        '- external-secret.yaml (ExternalSecret checkout/checkout-db): spec.refreshInterval: "30s" is shorter than 1m: each refresh calls the provider, so use 1m or more, or allow it explicitly',
        '- external-secret.yaml (ExternalSecret checkout/checkout-db): spec.data[1].secretKey: "DB_USER" is already used by spec.data[0]: each entry needs its own Secret key',
        '- workload-patch.yaml (Deployment checkout/checkout): spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.key: "db-password" is not a key the ExternalSecret writes (DB_USER)',
        '- workload-patch.yaml (Deployment checkout/checkout): spec.template.spec.containers[0].volumeMounts[0].subPath: must not be set: files mounted with subPath never receive rotated values; mount the whole volume and read the file inside it',
        `- iam-policy.json (IAM policy): Statement[0].Resource: "*" grants every secret of the account: name the secret's ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-??????)`,
        '- iam-policy.json (IAM policy): Statement: does not allow secretsmanager:GetSecretValue on "checkout/prod/db", which the ExternalSecret reads',
      ].join('\n'),
    );
  });

  it('accepts a short refresh interval when allowed', async () => {
    const es = validExternalSecret();
    es.spec.refreshInterval = '30s';
    workspace.setContent(
      pipeline({ 'deploy/checkout/external-secret.yaml': stringify(es) }),
    );
    await expect(
      run({ path: 'deploy/checkout', allowShortRefreshInterval: true }),
    ).resolves.toBeDefined();
  });

  it('reports CRD schema errors with the field', async () => {
    const es = validExternalSecret();
    es.spec.refreshPolicy = 'Hourly';
    workspace.setContent(
      pipeline({ 'deploy/checkout/external-secret.yaml': stringify(es) }),
    );
    await expect(run({ path: 'deploy/checkout' })).rejects.toThrow(
      'external-secret.yaml (ExternalSecret checkout/checkout-db): spec.refreshPolicy: must be one of CreatedOnce, Periodic, OnChange (external-secrets.io/v1 CRD schema)',
    );
  });

  it('needs the API versions asked for', async () => {
    workspace.setContent(pipeline());
    await expect(
      run({
        path: 'deploy/checkout',
        apiVersions: ['external-secrets.io/v1', 'external-secrets.io/v1beta1'],
      }),
    ).rejects.toThrow(
      '(pipeline): has no external-secrets.io/v1beta1 ExternalSecret manifest, which was asked for',
    );
  });

  it('holds the workload patch to the chosen consumption and Reloader', async () => {
    workspace.setContent(pipeline());
    await expect(
      run({ path: 'deploy/checkout', consumption: 'volume', reloader: false }),
    ).rejects.toThrow(
      /consumption "volume" must not read the Secret "checkout-db" into environment variables[\s\S]*Reloader was turned off/,
    );
  });

  it('reports files that do not parse, with the line', async () => {
    workspace.setContent(
      pipeline({
        'deploy/checkout/workload-patch.yaml': 'kind: Deployment\n  bad: [',
        'deploy/checkout/iam-policy.json': '{ "Version": ',
      }),
    );
    await expect(run({ path: 'deploy/checkout' })).rejects.toThrow(
      /iam-policy\.json: \(file\): is not valid JSON[\s\S]*workload-patch\.yaml: \(file\): is not valid YAML \(line 1\)/,
    );
  });

  it('refuses a Secret with data without echoing it', async () => {
    workspace.setContent(
      pipeline({
        'deploy/checkout/secret.yaml': stringify({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'checkout-db' },
          stringData: { password: 'hunter2' },
        }),
      }),
    );
    const error = await run({ path: 'deploy/checkout' }).catch(e => e);
    expect(error.message).toContain(
      'secret.yaml: kind: is a Secret with data: secret values must never be committed',
    );
    expect(error.message).not.toContain('hunter2');
  });

  it('needs an ExternalSecret, a workload patch and an IAM policy', async () => {
    workspace.setContent({ 'deploy/checkout/README.md': '# empty' });
    await expect(run({ path: 'deploy/checkout' })).rejects.toThrow(
      '1 problem in the generated secret pipeline:\n- (pipeline): has no ExternalSecret manifest',
    );
    workspace.setContent({
      'deploy/checkout/external-secret.yaml': stringify(validExternalSecret()),
    });
    await expect(run({ path: 'deploy/checkout' })).rejects.toThrow(
      /has no workload patch[\s\S]*has no IAM policy/,
    );
  });

  it('checks pipelines for other providers without AWS rules', async () => {
    const es = validExternalSecret();
    es.spec.secretStoreRef = { kind: 'SecretStore', name: 'vault' };
    es.spec.data[0].remoteRef.key = 'secret/data/checkout#db';
    es.spec.data[1].remoteRef.key = 'secret/data/checkout#db';
    workspace.setContent({
      'deploy/checkout/external-secret.yaml': stringify(es),
      'deploy/checkout/workload-patch.yaml': stringify(validWorkloadPatch()),
    });
    await expect(run({ path: 'deploy/checkout' })).rejects.toThrow(
      /not a valid AWS Secrets Manager name[\s\S]*has no IAM policy/,
    );
    const ctx = await run({
      path: 'deploy/checkout',
      awsSecretsManager: false,
    });
    expect(ctx.output).toHaveBeenCalledWith('externalSecrets', [
      'external-secrets.io/v1 checkout/checkout-db',
    ]);
  });

  /** checkout's pipeline reading `key` from another store, with its policy file. */
  function otherStorePipeline(key: string, policy: Record<string, string>) {
    const es = validExternalSecret();
    for (const entry of es.spec.data) entry.remoteRef.key = key;
    return {
      'deploy/checkout/external-secret.yaml': stringify(es),
      'deploy/checkout/workload-patch.yaml': stringify(validWorkloadPatch()),
      ...policy,
    };
  }

  const VAULT_POLICY = [
    '# ESO reads one secret',
    'path "secret/data/checkout/prod/db" {',
    '  capabilities = ["read"]',
    '}',
    '',
  ].join('\n');

  /** The action on deploy/checkout as the pipeline of a Vault KV version 2 store. */
  function runVault(
    vaultMount = 'secret',
    input: Record<string, unknown> = {},
  ) {
    return run({
      path: 'deploy/checkout',
      provider: 'vault-kv-v2',
      vaultMount,
      ...input,
    });
  }

  it('checks a Parameter Store pipeline against its IAM policy', async () => {
    workspace.setContent(
      otherStorePipeline(CHECKOUT_PARAMETER, {
        'deploy/checkout/iam-policy.json': JSON.stringify(
          validSsmPolicy(CHECKOUT_KMS_KEY_ARN),
        ),
      }),
    );
    const input = {
      path: 'deploy/checkout',
      provider: 'aws-parameter-store',
      region: 'eu-west-1',
      accountId: '111122223333',
    };
    await expect(run(input)).rejects.toThrow(
      '- iam-policy.json (IAM policy): Statement[1].Action[0]: "kms:Decrypt" is not needed',
    );
    const ctx = await run({ ...input, kmsKeyArn: CHECKOUT_KMS_KEY_ARN });
    expect(ctx.output).toHaveBeenCalledWith('files', [
      'external-secret.yaml',
      'iam-policy.json',
      'workload-patch.yaml',
    ]);
    await expect(run({ ...input, accountId: '444455556666' })).rejects.toThrow(
      'Statement[0].Resource: is in account 111122223333, but the parameter is in 444455556666',
    );
  });

  it('checks a Vault pipeline against its HCL policy', async () => {
    workspace.setContent(
      otherStorePipeline('checkout/prod/db', {
        'deploy/checkout/vault-policy.hcl': VAULT_POLICY,
      }),
    );
    // What a template passes for the fields of the AWS providers: ignored.
    const ctx = await runVault('secret', {
      region: '',
      accountId: '',
      kmsKeyArn: '',
    });
    expect(ctx.output).toHaveBeenCalledWith('files', [
      'external-secret.yaml',
      'vault-policy.hcl',
      'workload-patch.yaml',
    ]);
    await expect(runVault('kv')).rejects.toThrow(
      'vault-policy.hcl (Vault policy): path: does not grant read on "kv/data/checkout/prod/db", which ESO reads for the key "checkout/prod/db"',
    );
  });

  it("needs the provider's own kind of policy, and refuses the other", async () => {
    workspace.setContent(
      otherStorePipeline('checkout/prod/db', {
        'deploy/checkout/iam-policy.json': JSON.stringify(validIamPolicy()),
      }),
    );
    await expect(runVault()).rejects.toThrow(
      [
        '2 problems in the generated secret pipeline:',
        `- (pipeline): has no Vault policy (an .hcl file with path "<mount>/data/<key>" { capabilities = ["read"] }) for ESO's role`,
        `- iam-policy.json (IAM policy): (document): is an IAM policy, but the store is HashiCorp Vault KV version 2: ESO's role needs the Vault policy instead`,
      ].join('\n'),
    );
    workspace.setContent({
      ...pipeline(),
      'deploy/checkout/vault-policy.hcl': VAULT_POLICY,
    });
    await expect(run({ path: 'deploy/checkout' })).rejects.toThrow(
      `- vault-policy.hcl (Vault policy): (document): is a Vault policy, but the store is AWS Secrets Manager: ESO's role needs the IAM policy instead`,
    );
    workspace.setContent(otherStorePipeline(CHECKOUT_PARAMETER, {}));
    await expect(
      run({ path: 'deploy/checkout', provider: 'aws-parameter-store' }),
    ).rejects.toThrow(
      "has no IAM policy (JSON with Version and Statement) for ESO's role",
    );
  });

  it('reports a Vault policy that does not parse, or declares a path twice', async () => {
    workspace.setContent(
      otherStorePipeline('checkout/prod/db', {
        'deploy/checkout/vault-policy.hcl':
          'path "secret/data/x" {\n  capabilities = [read]\n}\n',
      }),
    );
    await expect(runVault()).rejects.toThrow(
      'vault-policy.hcl: (file): is not valid HCL (line 2): "read" is not a value (quote strings)',
    );
    workspace.setContent(
      otherStorePipeline('checkout/prod/db', {
        'deploy/checkout/vault-policy.hcl': `${VAULT_POLICY}${VAULT_POLICY}`,
      }),
    );
    await expect(runVault()).rejects.toThrow(
      '1 problem in the generated secret pipeline:\n- vault-policy.hcl: path["secret/data/checkout/prod/db"]: is declared more than once',
    );
  });

  it.each([
    [
      { provider: 'vault-kv-v2', vaultMount: '/secret' },
      'vaultMount: "/secret" is not a Vault mount path',
    ],
    [
      { kmsKeyArn: CHECKOUT_KMS_KEY_ARN },
      'kmsKeyArn: only a Parameter Store pipeline',
    ],
    [
      { provider: 'aws-parameter-store', kmsKeyArn: 'alias/checkout' },
      'kmsKeyArn: "alias/checkout" is not a KMS key ARN',
    ],
    [
      { accountId: '1111' },
      'accountId: "1111" is not a 12-digit AWS account ID',
    ],
    [
      {
        provider: 'aws-parameter-store',
        region: 'us-east-1',
        kmsKeyArn: CHECKOUT_KMS_KEY_ARN,
      },
      'kmsKeyArn: the key is in eu-west-1, but Parameter Store encrypts a parameter of us-east-1 only with a key of that region',
    ],
  ])('refuses the input %j', async (input, message) => {
    workspace.setContent(pipeline());
    await expect(run({ path: 'deploy/checkout', ...input })).rejects.toThrow(
      message,
    );
  });

  it('refuses a path outside the workspace or that does not exist', async () => {
    workspace.setContent(pipeline());
    await expect(run({ path: '../elsewhere' })).rejects.toThrow(
      /Relative path is not allowed to refer to a directory outside its parent/,
    );
    await expect(run({ path: 'deploy/missing' })).rejects.toThrow(
      'path: "deploy/missing" is not a folder of the workspace',
    );
  });

  it('runs in dry runs, and refuses unknown inputs in its schema', () => {
    expect(action.supportsDryRun).toBe(true);
    expect(action.schema?.input).toMatchObject({
      additionalProperties: false,
    });
  });
});
