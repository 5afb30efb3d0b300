/*
 * The whole "New secret pipeline" template, run through the real scaffolder backend's dry-run
 * route (POST /api/scaffolder/v2/dry-run) with this module, the real GitHub module and the
 * template's own files. Only the catalog and the URL reader (GitHub, for the catalog file of
 * one service) are in-memory stand-ins.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { parseAllDocuments } from 'yaml';
import {
  CHECKOUT_KMS_KEY_ARN,
  CHECKOUT_PARAMETER,
  validExternalSecret,
  validIamPolicy,
  validSsmPolicy,
  validVaultPolicy,
  validWorkloadPatch,
} from './__testUtils__/pipelineFixtures';
import {
  checkoutFormValues as baseValues,
  component,
  dryRunBody,
  dryRunFiles as files,
  startTemplateDryRun,
  TemplateDryRun,
  TemplateDryRunOptions,
} from './__testUtils__/templateDryRun';
import { checkExternalSecretSchema } from './rules/crdSchema';
import { parseVaultPolicyHcl } from './manifests/vaultPolicyHcl';

const entities = [
  component('checkout', {
    'backstage.io/kubernetes-id': 'checkout-svc',
    'backstage.io/managed-by-location':
      'url:https://github.com/acme/checkout/blob/main/catalog-info.yaml',
  }),
  component('billing', {
    'backstage.io/managed-by-location':
      'url:https://github.com/acme/billing/blob/main/catalog-info.yaml',
  }),
  component('payments', {
    'backstage.io/managed-by-location':
      'url:https://github.com/acme/payments/blob/main/services/payments/catalog-info.yaml',
  }),
  component('legacy', {
    'backstage.io/managed-by-location':
      'file:/srv/backstage/catalog/legacy.yaml',
  }),
];

/** The catalog file of `payments` on GitHub, the only URL the reader serves. */
const PAYMENTS_CATALOG_URL =
  'https://github.com/acme/payments/blob/main/services/payments/catalog-info.yaml';
const paymentsCatalogInfo = `# Payments: catalog entry. Reviewed by team-payments.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments  # must match the Helm release
  annotations:
    github.com/project-slug: acme/payments
spec:
  type: service
  lifecycle: production
  owner: team-payments
---
# Its API
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: payments-api
spec:
  type: openapi
  lifecycle: production
  owner: team-payments
  definition: |
    openapi: 3.0.0
`;
const urlReader = mockServices.urlReader.mock({
  readUrl: async (url: string) => {
    if (url !== PAYMENTS_CATALOG_URL)
      throw new NotFoundError(`${url} not found`);
    return { buffer: async () => Buffer.from(paymentsCatalogInfo, 'utf8') };
  },
});

let dryRunner: TemplateDryRun;

beforeAll(async () => {
  dryRunner = await startTemplateDryRun({
    entities,
    urlReader: urlReader.factory,
  });
});

const dryRun = (
  values: Record<string, unknown>,
  options?: TemplateDryRunOptions,
) => dryRunner.run(values, options);

function yamlOf(text: string | undefined): any {
  expect(text).toBeDefined();
  const docs = parseAllDocuments(text!);
  expect(docs).toHaveLength(1);
  return docs[0].toJS();
}

function logText(body: any): string {
  return body.log.map((l: any) => l.body.message).join('\n');
}

const dir = 'deploy/prod-eu/checkout/checkout-db';

/**
 * What the template writes for checkout: the fixture pipeline (consumption "both" with
 * Reloader) under checkout's kubernetes-id, with the parts another choice leaves out removed.
 */
function expectedExternalSecret(apiVersion: string) {
  const es = validExternalSecret(apiVersion);
  es.metadata.labels = { 'backstage.io/kubernetes-id': 'checkout-svc' };
  return es;
}

function expectedWorkloadPatch(consumption: string, reloader: boolean) {
  const patch = validWorkloadPatch();
  patch.metadata.labels = { 'backstage.io/kubernetes-id': 'checkout-svc' };
  if (!reloader) delete patch.metadata.annotations;
  const podSpec = patch.spec.template.spec;
  if (consumption === 'volume') delete podSpec.containers[0].env;
  if (consumption === 'env') {
    delete podSpec.containers[0].volumeMounts;
    delete podSpec.volumes;
  }
  return patch;
}

describe('the external-secret-pipeline template, dry run', () => {
  // Each consumption mode with and without Reloader, and each in both API versions.
  describe.each([
    ['volume', false, true],
    ['volume', true, false],
    ['env', false, true],
    ['env', true, false],
    ['both', false, false],
    ['both', true, true],
  ] as const)(
    'consumption %s, ESO older than 0.17: %s, Reloader: %s',
    (consumption, older, reloader) => {
      let body: any;
      let out: Record<string, string>;

      beforeAll(async () => {
        const res = await dryRun({
          ...baseValues,
          consumption,
          esoOlderThan017: older,
          reloader,
        });
        body = dryRunBody(res);
        out = files(body);
      });

      it('writes the pipeline files, and the v1beta1 copy only for older ESO', () => {
        expect(Object.keys(out).sort()).toEqual(
          [
            `${dir}/README.md`,
            `${dir}/external-secret.yaml`,
            ...(older ? [`${dir}/external-secret.v1beta1.yaml`] : []),
            `${dir}/iam-policy.json`,
            `${dir}/workload-patch.yaml`,
          ].sort(),
        );
      });

      it('writes an external-secrets.io/v1 ExternalSecret', () => {
        expect(yamlOf(out[`${dir}/external-secret.yaml`])).toEqual(
          expectedExternalSecret('external-secrets.io/v1'),
        );
      });

      it('writes the same ExternalSecret in v1beta1 exactly for older ESO', () => {
        const v1beta1 = out[`${dir}/external-secret.v1beta1.yaml`];
        expect(v1beta1 === undefined ? undefined : yamlOf(v1beta1)).toEqual(
          older
            ? expectedExternalSecret('external-secrets.io/v1beta1')
            : undefined,
        );
      });

      it('patches the workload for the chosen consumption mode', () => {
        const patch = yamlOf(out[`${dir}/workload-patch.yaml`]);
        const expected = expectedWorkloadPatch(consumption, reloader);
        expect(patch.metadata).toEqual(expected.metadata);
        expect(patch).toEqual({ ...expected, metadata: patch.metadata });
      });

      it("writes the least-privilege IAM policy for ESO's role", () => {
        expect(JSON.parse(out[`${dir}/iam-policy.json`])).toEqual(
          validIamPolicy(),
        );
      });

      it('explains how to verify the change on the entity card', () => {
        const readme = out[`${dir}/README.md`];
        expect(readme).toContain('## Verify on the entity card');
        expect(readme).toContain(
          'Open `component:default/checkout` in Backstage',
        );
        expect(readme.includes('external-secret.v1beta1.yaml')).toBe(older);
        // Older ESO: the apply step says which of the two files the cluster takes.
        expect(
          readme.includes(
            'use `external-secret.v1beta1.yaml`\n   instead of `external-secret.yaml`',
          ),
        ).toBe(older);
      });

      it('validates the files and opens the pull request', () => {
        const log = logText(body);
        expect(log).toContain(
          `Validated external-secrets.io/v1 checkout/checkout-db${
            older ? ', external-secrets.io/v1beta1 checkout/checkout-db' : ''
          }`,
        );
        expect(log).toContain('Performing dry run of creating pull request');
        expect(body.output.links[0]).toEqual({
          title: 'Pull request',
          url: 'github.com?owner=acme&repo=checkout',
        });
      });
    },
  );

  it("adds the entity annotation to the service's catalog-info.yaml when it is in the pull request's repository", async () => {
    const res = await dryRun({
      ...baseValues,
      entity: 'component:default/payments',
      namespace: 'payments',
      remoteKey: 'payments/prod/db',
      secretName: 'payments-db',
      repoUrl: 'github.com?owner=acme&repo=payments',
    });
    const out = files(dryRunBody(res));
    const base = 'deploy/prod-eu/payments/payments-db';
    expect(Object.keys(out).sort()).toEqual(
      [
        'services/payments/catalog-info.yaml',
        `${base}/README.md`,
        `${base}/external-secret.yaml`,
        `${base}/iam-policy.json`,
        `${base}/workload-patch.yaml`,
      ].sort(),
    );
    // One line added; the comments, the spacing and the API document are as they were.
    expect(out['services/payments/catalog-info.yaml']).toBe(
      paymentsCatalogInfo.replace(
        '    github.com/project-slug: acme/payments\n',
        '    github.com/project-slug: acme/payments\n    backstage.io/kubernetes-id: payments\n',
      ),
    );
    const [entityDoc] = parseAllDocuments(
      out['services/payments/catalog-info.yaml'],
    ).map(d => d.toJS());
    expect(entityDoc.metadata.annotations).toEqual({
      'github.com/project-slug': 'acme/payments',
      'backstage.io/kubernetes-id': 'payments',
    });
    expect(yamlOf(out[`${base}/external-secret.yaml`]).metadata.labels).toEqual(
      { 'backstage.io/kubernetes-id': 'payments' },
    );
    expect(out[`${base}/README.md`]).toContain(
      '| `services/payments/catalog-info.yaml` (from the repository root) |',
    );
    expect(out[`${base}/README.md`]).not.toContain('entity-annotation.yaml');
    expect(logText(res.body)).toContain(
      '`services/payments/catalog-info.yaml` gets the `backstage.io/kubernetes-id: payments` annotation',
    );
  });

  it.each([
    [
      'in another repository',
      'billing',
      'url:https://github.com/acme/billing/blob/main/catalog-info.yaml',
      "the catalog file is in github.com/acme/billing, not in the pull request's repository github.com/acme/checkout",
    ],
    [
      'registered from a file',
      'legacy',
      'file:/srv/backstage/catalog/legacy.yaml',
      'the entity is registered from a file: location (/srv/backstage/catalog/legacy.yaml), not from the repository',
    ],
  ])(
    'writes the annotation as a snippet when the catalog file is %s',
    async (_, name, location, reason) => {
      const res = await dryRun({
        ...baseValues,
        entity: `component:default/${name}`,
        namespace: name,
        remoteKey: `${name}/prod/db`,
        secretName: `${name}-db`,
      });
      expect(res.status).toBe(200);
      const out = files(res.body);
      const base = `deploy/prod-eu/${name}/${name}-db`;
      expect(Object.keys(out).sort()).toEqual(
        [
          `${base}/README.md`,
          `${base}/entity-annotation.yaml`,
          `${base}/external-secret.yaml`,
          `${base}/iam-policy.json`,
          `${base}/workload-patch.yaml`,
        ].sort(),
      );
      expect(yamlOf(out[`${base}/entity-annotation.yaml`])).toEqual({
        metadata: { annotations: { 'backstage.io/kubernetes-id': name } },
      });
      expect(out[`${base}/entity-annotation.yaml`]).toContain(location);
      expect(out[`${base}/entity-annotation.yaml`]).toContain(
        `# The template did not edit its catalog file: ${reason}.`,
      );
      expect(
        yamlOf(out[`${base}/external-secret.yaml`]).metadata.labels,
      ).toEqual({ 'backstage.io/kubernetes-id': name });
      expect(out[`${base}/README.md`]).toContain(
        "add the annotation of `entity-annotation.yaml` to the entity's `catalog-info.yaml`",
      );
      const log = logText(res.body);
      expect(log).toContain(reason);
      expect(log).toContain('`entity-annotation.yaml` says what to add');
    },
  );

  it('reads the whole secret string when no property is given, and warns about env without Reloader', async () => {
    const res = await dryRun({
      ...baseValues,
      mappings: [{ envName: 'API_TOKEN' }],
      consumption: 'env',
      reloader: false,
      refreshPolicy: 'OnChange',
      esoOlderThan017: true,
    });
    expect(res.status).toBe(200);
    const out = files(res.body);
    const es = yamlOf(out[`${dir}/external-secret.yaml`]);
    expect(es.spec.refreshPolicy).toBe('OnChange');
    expect(es.spec.data).toEqual([
      { secretKey: 'API_TOKEN', remoteRef: { key: 'checkout/prod/db' } },
    ]);
    // Written in v1beta1 only when it is not the default, with a note on ESO 0.16.
    expect(out[`${dir}/external-secret.v1beta1.yaml`]).toContain(
      'refreshPolicy needs ESO 0.16 or later',
    );
    expect(
      yamlOf(out[`${dir}/external-secret.v1beta1.yaml`]).spec.refreshPolicy,
    ).toBe('OnChange');
    const patch = yamlOf(out[`${dir}/workload-patch.yaml`]);
    expect(patch.metadata.annotations).toBeUndefined();
    expect(patch.spec.template.spec.volumes).toBeUndefined();
    expect(out[`${dir}/README.md`]).toContain(
      'pods keep the old environment variables until they restart (the card shows **stale env**)',
    );
    expect(out[`${dir}/README.md`]).toContain(
      '| `API_TOKEN` | `API_TOKEN` | (the whole secret string) |',
    );
  });

  it('uses the chosen folder, workload and container', async () => {
    const res = await dryRun({
      ...baseValues,
      manifestsPath: 'apps/checkout/overlays/prod',
      workloadKind: 'StatefulSet',
      workloadName: 'checkout-api',
      containerName: 'api',
      mountPath: '/run/secrets/db',
    });
    expect(res.status).toBe(200);
    const patch = yamlOf(
      files(res.body)['apps/checkout/overlays/prod/workload-patch.yaml'],
    );
    expect(patch.kind).toBe('StatefulSet');
    expect(patch.metadata.name).toBe('checkout-api');
    expect(patch.spec.template.spec.containers[0].name).toBe('api');
    expect(
      patch.spec.template.spec.containers[0].volumeMounts[0].mountPath,
    ).toBe('/run/secrets/db');
  });

  it('creates the AWS secret in dry-run mode only, and names its ARN in the pull request', async () => {
    const res = await dryRun({ ...baseValues, createRemoteSecret: true });
    expect(res.status).toBe(200);
    const log = logText(res.body);
    expect(log).toContain(
      'Dry run: would create the empty secret checkout/prod/db in eu-west-1',
    );
    expect(log).toContain(
      'The AWS secret was created empty, without a value: `arn:aws:secretsmanager:eu-west-1:000000000000:secret:checkout/prod/db-dryrun`',
    );
  });

  it('accepts a refresh interval under 1m only when explicitly allowed', async () => {
    const res = await dryRun({
      ...baseValues,
      refreshInterval: '30s',
      allowShortRefreshInterval: true,
    });
    expect(res.status).toBe(200);
    expect(
      yamlOf(files(res.body)[`${dir}/external-secret.yaml`]).spec
        .refreshInterval,
    ).toBe('30s');
  });

  it('does not bound the interval of a policy that never refreshes on a timer', async () => {
    const res = await dryRun({
      ...baseValues,
      refreshInterval: '30s',
      refreshPolicy: 'CreatedOnce',
    });
    expect(res.status).toBe(200);
  });

  describe('refuses invalid input, naming the field', () => {
    it.each([
      [
        'an env name that is no C identifier',
        { mappings: [{ envName: '1DB' }] },
        'instance.mappings[0].envName',
      ],
      ['no mapping', { mappings: [] }, 'instance.mappings'],
      [
        'a refresh interval under 1m',
        { refreshInterval: '30s' },
        'instance.refreshInterval',
      ],
      [
        'a refresh interval that is no duration',
        { refreshInterval: 'hourly' },
        'instance.refreshInterval',
      ],
      [
        'a remote key outside the convention',
        { remoteKey: 'CheckoutDb' },
        'instance.remoteKey',
      ],
      [
        'a remote key ending like an ARN suffix',
        { remoteKey: 'checkout/prod/db-backup' },
        'instance.remoteKey',
      ],
      [
        'an unknown consumption mode',
        { consumption: 'file' },
        'instance.consumption',
      ],
      ['an invalid namespace', { namespace: 'Checkout' }, 'instance.namespace'],
      [
        'an AWS account id of 11 digits',
        { awsAccountId: '11112222333' },
        'instance.awsAccountId',
      ],
    ])('%s', async (_, change, property) => {
      const res = await dryRun({ ...baseValues, ...change });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: any) => e.property)).toContain(property);
    });

    it('a Secret key used twice, reported by external-secrets:validate', async () => {
      const res = await dryRun({
        ...baseValues,
        mappings: [
          { property: 'a', envName: 'A', secretKey: 'key' },
          { property: 'b', envName: 'B', secretKey: 'key' },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'external-secret.yaml (ExternalSecret checkout/checkout-db): spec.data[1].secretKey: "key" is already used by spec.data[0]',
      );
    });
  });

  it('reads AWS Secrets Manager when the form sends no provider (forms filled before there was a choice)', async () => {
    const { provider: _, ...withoutProvider } = baseValues;
    const res = await dryRun(withoutProvider);
    expect(res.status).toBe(200);
    const out = files(res.body);
    expect(JSON.parse(out[`${dir}/iam-policy.json`])).toEqual(validIamPolicy());
    expect(out[`${dir}/vault-policy.hcl`]).toBeUndefined();
  });

  /** The ExternalSecret for another store: checkout's, reading `key` from `storeName`. */
  function externalSecretReading(key: string, storeName: string) {
    const es = expectedExternalSecret('external-secrets.io/v1');
    es.spec.secretStoreRef.name = storeName;
    for (const entry of es.spec.data) entry.remoteRef.key = key;
    return es;
  }

  describe('AWS Parameter Store', () => {
    // What a person who first looked at Secrets Manager leaves behind in the form: a remote
    // key and the "create the secret" box, which must both be ignored.
    const parameterStoreValues = {
      ...baseValues,
      provider: 'aws-parameter-store',
      storeName: 'aws-params-prod',
      parameterName: CHECKOUT_PARAMETER,
      createRemoteSecret: true,
    };
    let body: any;
    let out: Record<string, string>;

    beforeAll(async () => {
      const res = await dryRun(parameterStoreValues);
      body = dryRunBody(res);
      out = files(body);
    });

    it('writes the ExternalSecret, the workload patch and an IAM policy, no Vault policy', () => {
      expect(Object.keys(out).sort()).toEqual(
        [
          `${dir}/README.md`,
          `${dir}/external-secret.yaml`,
          `${dir}/iam-policy.json`,
          `${dir}/workload-patch.yaml`,
        ].sort(),
      );
    });

    it('reads the parameter by its full name, and the ExternalSecret passes the CRD schema', () => {
      const es = yamlOf(out[`${dir}/external-secret.yaml`]);
      expect(es).toEqual(
        externalSecretReading(CHECKOUT_PARAMETER, 'aws-params-prod'),
      );
      expect(checkExternalSecretSchema(es)).toEqual([]);
      expect(out[`${dir}/external-secret.yaml`]).toContain(
        '# An aws store with service: ParameterStore (no prefix)',
      );
    });

    it('grants ssm:GetParameter on exactly the parameter ARN, nothing else', () => {
      expect(JSON.parse(out[`${dir}/iam-policy.json`])).toEqual(
        validSsmPolicy(),
      );
    });

    it('validates the files, never creates anything in AWS, and opens the pull request', () => {
      const log = logText(body);
      expect(log).toContain(
        'Validated external-secrets.io/v1 checkout/checkout-db; workload patch Deployment checkout/checkout; IAM policy iam-policy.json',
      );
      expect(log).not.toContain('would create the empty secret');
      expect(log).not.toContain('The AWS secret was created');
      expect(log).toContain(
        "ESO's role needs the IAM policy in `iam-policy.json` (GetParameter on this one parameter).",
      );
      expect(log).toContain(`reading ${CHECKOUT_PARAMETER}`);
      expect(body.output.text[0].content).toContain(
        `2. Create the parameter \`${CHECKOUT_PARAMETER}\` (eu-west-1) with its value`,
      );
    });

    it('explains the store it needs and how to create the parameter', () => {
      const readme = out[`${dir}/README.md`];
      expect(readme).toContain(
        `Parameter Store parameter \`${CHECKOUT_PARAMETER}\` (eu-west-1) into the Kubernetes Secret`,
      );
      expect(readme).toContain(
        '## Apply\n\n1. **IAM**: `ClusterSecretStore/aws-params-prod` must be an `aws` store with\n   `service: ParameterStore`, region `eu-west-1` and no `prefix`',
      );
      expect(readme).toContain(
        `aws ssm put-parameter --name ${CHECKOUT_PARAMETER} --type SecureString --region eu-west-1 --value file://value.json`,
      );
      expect(readme).toContain(
        '| Environment variable | Secret key | Property of the parameter |',
      );
    });

    it('adds kms:Decrypt on a customer managed key, for this parameter only', async () => {
      const res = await dryRun({
        ...parameterStoreValues,
        kmsKeyArn: CHECKOUT_KMS_KEY_ARN,
      });
      expect(res.status).toBe(200);
      const kmsOut = files(res.body);
      expect(JSON.parse(kmsOut[`${dir}/iam-policy.json`])).toEqual(
        validSsmPolicy(CHECKOUT_KMS_KEY_ARN),
      );
      expect(kmsOut[`${dir}/README.md`]).toContain(
        `--key-id ${CHECKOUT_KMS_KEY_ARN} --value file://value.json`,
      );
    });

    it('fails the run when the policy grants more than GetParameter on the parameter', async () => {
      const res = await dryRun(parameterStoreValues, {
        replaceFiles: {
          'iam-policy.json': JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['ssm:GetParameter', 'ssm:GetParametersByPath'],
                Resource:
                  'arn:aws:ssm:eu-west-1:111122223333:parameter/checkout/*',
              },
            ],
          }),
        },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        [
          '3 problems in the generated secret pipeline:',
          `- iam-policy.json (IAM policy): Statement[0].Action[1]: "ssm:GetParametersByPath" is not needed: ESO's role needs only ssm:GetParameter on the parameter (and kms:Decrypt on a customer managed key)`,
          '- iam-policy.json (IAM policy): Statement[0].Resource: parameter "checkout/*" has a wildcard: name exactly the parameter ESO reads (parameter/checkout/prod/db)',
          '- iam-policy.json (IAM policy): Statement: does not allow ssm:GetParameter on "/checkout/prod/db", which the ExternalSecret reads',
        ].join('\n'),
      );
    });
  });

  describe('HashiCorp Vault KV version 2', () => {
    const vaultValues = {
      ...baseValues,
      provider: 'vault-kv-v2',
      storeName: 'vault-prod',
      vaultMount: 'secret',
      vaultPath: 'checkout/prod/db',
      vaultRole: 'external-secrets',
      // Left over from AWS Secrets Manager: ignored.
      createRemoteSecret: true,
    };
    let body: any;
    let out: Record<string, string>;

    beforeAll(async () => {
      const res = await dryRun(vaultValues);
      body = dryRunBody(res);
      out = files(body);
    });

    it('writes the ExternalSecret, the workload patch and a Vault policy, no IAM policy', () => {
      expect(Object.keys(out).sort()).toEqual(
        [
          `${dir}/README.md`,
          `${dir}/external-secret.yaml`,
          `${dir}/vault-policy.hcl`,
          `${dir}/workload-patch.yaml`,
        ].sort(),
      );
    });

    it('reads the path under the mount, and the ExternalSecret passes the CRD schema', () => {
      const es = yamlOf(out[`${dir}/external-secret.yaml`]);
      expect(es).toEqual(
        externalSecretReading('checkout/prod/db', 'vault-prod'),
      );
      expect(checkExternalSecretSchema(es)).toEqual([]);
      expect(out[`${dir}/external-secret.yaml`]).toContain(
        '# A vault store with path: secret and version: v2; ESO reads each key as\n    # secret/data/<key>.',
      );
    });

    it('grants read on exactly the data path ESO reads, and says why', () => {
      const hcl = out[`${dir}/vault-policy.hcl`];
      expect(parseVaultPolicyHcl(hcl)).toEqual({
        value: validVaultPolicy('secret/data/checkout/prod/db'),
        duplicates: [],
      });
      expect(hcl).toContain(
        'path "secret/data/checkout/prod/db" {\n  capabilities = ["read"]\n}\n',
      );
      expect(hcl).toContain(
        '# Vault policy "external-secrets-checkout-checkout-db"',
      );
      expect(hcl).toContain(
        '# "external-secrets", the role ClusterSecretStore/vault-prod logs in with.',
      );
      expect(hcl).toContain("ESO only needs to read the secret's data.");
      expect(hcl).toContain(
        'The External Secrets health plugin (Backstage) uses a different policy of its own, on\n# metadata/ only',
      );
    });

    it('validates the files, never creates anything, and opens the pull request', () => {
      const log = logText(body);
      expect(log).toContain(
        'Validated external-secrets.io/v1 checkout/checkout-db; workload patch Deployment checkout/checkout; Vault policy vault-policy.hcl',
      );
      expect(log).not.toContain('would create the empty secret');
      expect(log).toContain(
        "ESO's Vault role `external-secrets` needs the policy in `vault-policy.hcl` (read on `secret/data/checkout/prod/db` only), written as `external-secrets-checkout-checkout-db`.",
      );
      expect(body.output.text[0].content).toBe(
        [
          "1. Write `vault-policy.hcl` as policy `external-secrets-checkout-checkout-db` and add it to the token policies of ESO's Vault role `external-secrets`.",
          "2. Put the secret's value at `secret/checkout/prod/db` (KV version 2) with your own Vault access: Backstage never handles it.",
          '3. Merge the pull request; the External Secrets card of the service shows the new ExternalSecret as healthy once it has synced.',
          '',
        ].join('\n'),
      );
    });

    it('explains the store it needs, the policy and how to put the value', () => {
      const readme = out[`${dir}/README.md`];
      expect(readme).toContain(
        'KV version 2 secret `checkout/prod/db` of mount `secret` (read as `secret/data/checkout/prod/db`) into the Kubernetes Secret',
      );
      expect(readme).toContain(
        '## Apply\n\n1. **Vault policy**: `ClusterSecretStore/vault-prod` must be a `vault` store with\n   `path: secret` and `version: v2`',
      );
      expect(readme).toContain(
        'vault policy write external-secrets-checkout-checkout-db vault-policy.hcl',
      );
      expect(readme).toContain(
        'vault kv put -mount=secret checkout/prod/db @value.json',
      );
      expect(readme).not.toContain('iam-policy.json');
    });

    it('uses another mount and the policy name given', async () => {
      const res = await dryRun({
        ...vaultValues,
        vaultMount: 'kv/team',
        vaultPolicyName: 'eso-checkout-db',
      });
      expect(res.status).toBe(200);
      const hcl = files(res.body)[`${dir}/vault-policy.hcl`];
      expect(parseVaultPolicyHcl(hcl).value).toEqual(
        validVaultPolicy('kv/team/data/checkout/prod/db'),
      );
      expect(hcl).toContain('# Vault policy "eso-checkout-db"');
    });

    it('fails the run when the policy uses a glob, reads metadata/ or lists', async () => {
      const res = await dryRun(vaultValues, {
        replaceFiles: {
          'vault-policy.hcl': [
            'path "secret/data/checkout/*" {',
            '  capabilities = ["read", "list"]',
            '}',
            'path "secret/metadata/checkout/prod/db" {',
            '  capabilities = ["read"]',
            '}',
            '',
          ].join('\n'),
        },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        [
          '4 problems in the generated secret pipeline:',
          '- vault-policy.hcl (Vault policy): path["secret/data/checkout/*"]: is a glob: it grants every path it matches; name the exact path ESO reads ("secret/data/checkout/prod/db")',
          `- vault-policy.hcl (Vault policy): path["secret/data/checkout/*"].capabilities[1]: "list" lists paths; ESO reads each key by its name and never lists: ESO's role needs only "read"`,
          `- vault-policy.hcl (Vault policy): path["secret/metadata/checkout/prod/db"]: is a metadata/ path: ESO reads only data/; metadata (versions, times) is the External Secrets health plugin's concern, under its own read-only policy`,
          '- vault-policy.hcl (Vault policy): path: does not grant read on "secret/data/checkout/prod/db", which ESO reads for the key "checkout/prod/db"',
        ].join('\n'),
      );
    });

    it('refuses a path that starts with the mount, which ESO would read elsewhere', async () => {
      const res = await dryRun({
        ...vaultValues,
        vaultPath: 'secret/checkout/prod/db',
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'external-secret.yaml (ExternalSecret checkout/checkout-db): spec.data[0].remoteRef.key: "secret/checkout/prod/db" starts with the store\'s mount "secret/": ESO removes that and would read secret/data/checkout/prod/db; give the secret\'s path under the mount',
      );
    });
  });

  describe('refuses invalid store fields, naming the field', () => {
    it.each([
      [
        'a parameter name without the leading /',
        {
          provider: 'aws-parameter-store',
          parameterName: 'checkout/prod/db',
        },
        'instance.parameterName',
      ],
      [
        'a parameter name Parameter Store reserves',
        { provider: 'aws-parameter-store', parameterName: '/aws/prod/db' },
        'instance.parameterName',
      ],
      [
        'a KMS alias instead of a key ARN',
        {
          provider: 'aws-parameter-store',
          parameterName: CHECKOUT_PARAMETER,
          kmsKeyArn: 'alias/checkout',
        },
        'instance.kmsKeyArn',
      ],
      [
        'a Vault path starting with data/',
        {
          provider: 'vault-kv-v2',
          vaultPath: 'data/checkout/prod/db',
          vaultRole: 'external-secrets',
        },
        'instance.vaultPath',
      ],
      [
        'a Vault mount with a trailing /',
        {
          provider: 'vault-kv-v2',
          vaultMount: 'secret/',
          vaultPath: 'checkout/prod/db',
          vaultRole: 'external-secrets',
        },
        'instance.vaultMount',
      ],
      [
        'an unknown provider',
        { provider: 'gcp-secret-manager' },
        'instance.provider',
      ],
    ])('%s', async (_, change, property) => {
      const res = await dryRun({ ...baseValues, ...change });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: any) => e.property)).toContain(property);
    });

    it.each([
      ['aws-parameter-store', 'parameterName'],
      ['vault-kv-v2', 'vaultRole'],
    ])('%s needs %s', async (provider, field) => {
      const res = await dryRun({
        ...baseValues,
        provider,
        vaultPath: 'checkout/prod/db',
      });
      expect(res.status).toBe(400);
      expect(
        res.body.errors.map((e: any) => [e.property, e.argument]),
      ).toContainEqual(['instance', field]);
    });
  });
});
