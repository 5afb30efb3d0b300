import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { EXTERNAL_SECRET_API_VERSIONS } from '@eso-health/plugin-external-secrets-common';
import { promises as fs } from 'node:fs';
import { loadManifests } from '../manifests/loadManifests';
import { checkPipeline } from '../rules/checkPipeline';
import { formatProblems } from '../model/problems';
import { STORE_PROVIDERS } from '../rules/providers';
import { KMS_KEY_ARN } from '../rules/ssmPolicyRules';
import { checkVaultMount } from '../rules/vaultPolicyRules';
import { CONSUMPTION_MODES } from '../rules/workloadPatchRules';

/** @public */
export const VALIDATE_ACTION_ID = 'external-secrets:validate';

/**
 * A template step running this action on the pipeline rendered into deploy/checkout, with
 * these inputs (`key: value`) besides the path.
 */
function validateStepExample(inputs: string[]): string {
  return [
    'steps:',
    '  - id: validate',
    `    action: ${VALIDATE_ACTION_ID}`,
    '    input:',
    '      path: deploy/checkout',
    ...inputs.map(input => `      ${input}`),
  ].join('\n');
}

/**
 * `external-secrets:validate`: checks the generated secret pipeline in the workspace (the
 * ExternalSecret in each API version against ESO's CRD schema, and the template's rules for
 * it, the workload patch and the grant for ESO's role: the IAM policy for AWS Secrets Manager
 * or Parameter Store, the Vault policy for Vault KV version 2). Fails the task with every problem, each naming
 * its file and field. Reads only the workspace, so it runs in dry runs too.
 *
 * @public
 */
export function createValidateAction() {
  return createTemplateAction({
    id: VALIDATE_ACTION_ID,
    description:
      "Validates a generated External Secrets pipeline (ExternalSecret, workload patch, IAM or Vault policy) against ESO's CRD schemas and the pipeline's rules",
    supportsDryRun: true,
    examples: [
      {
        description: 'Validate the manifests rendered into deploy/checkout',
        example: validateStepExample([
          'consumption: volume',
          'reloader: false',
        ]),
      },
      {
        description:
          'Validate a pipeline reading from a Vault KV version 2 store whose path is "secret"',
        example: validateStepExample([
          'provider: vault-kv-v2',
          'vaultMount: secret',
        ]),
      },
    ],
    schema: {
      input: z =>
        z
          .object({
            path: z
              .string()
              .describe(
                'Folder of the workspace holding the generated files (YAML, JSON and HCL); the workspace root by default',
              )
              .optional(),
            consumption: z
              .enum(CONSUMPTION_MODES)
              .describe(
                'How the workload reads the Secret: env, volume or both; the workload patch must match',
              )
              .optional(),
            reloader: z
              .boolean()
              .describe(
                'Whether the workload patch must carry the Reloader annotation for the Secret',
              )
              .optional(),
            allowShortRefreshInterval: z
              .boolean()
              .describe(
                'Accept a refresh interval under 1m (each refresh calls the provider)',
              )
              .optional(),
            provider: z
              .enum(STORE_PROVIDERS)
              .describe(
                "The store's provider (default aws-secrets-manager): decides the remote key rules and the policy that must come with the pipeline (IAM for the AWS services, Vault for vault-kv-v2)",
              )
              .optional(),
            awsSecretsManager: z
              .boolean()
              .describe(
                'Without provider: the store is AWS Secrets Manager (default true). Set false for a provider without rules here: only provider-neutral rules apply and no policy is required',
              )
              .optional(),
            region: z
              .string()
              .describe("The store's AWS region; IAM resources must be in it")
              .optional(),
            accountId: z
              .string()
              .describe(
                'The AWS account holding the secret or parameter; IAM resources must be in it',
              )
              .optional(),
            kmsKeyArn: z
              .string()
              .describe(
                'aws-parameter-store: the customer managed KMS key of a SecureString parameter; the IAM policy must allow kms:Decrypt on exactly it (and may name no key without it)',
              )
              .optional(),
            vaultMount: z
              .string()
              .describe(
                'vault-kv-v2: the KV mount the store names in spec.provider.vault.path; remote keys are paths under it and ESO reads <mount>/data/<key>',
              )
              .optional(),
            apiVersions: z
              .array(z.enum(EXTERNAL_SECRET_API_VERSIONS))
              .describe('API versions the ExternalSecret must be generated in')
              .optional(),
          })
          .strict(),
      output: z =>
        z.object({
          externalSecrets: z
            .array(z.string())
            .describe(
              'The validated ExternalSecrets: "<apiVersion> <namespace>/<name>"',
            ),
          files: z
            .array(z.string())
            .describe('The files read, relative to path'),
        }),
    },
    async handler(ctx) {
      const { path = '.', ...input } = ctx.input;
      // Templates pass '' for the fields another provider uses: the same as leaving them out.
      const blank = (value?: string) => (value === '' ? undefined : value);
      const options = {
        ...input,
        region: blank(input.region),
        accountId: blank(input.accountId),
        kmsKeyArn: blank(input.kmsKeyArn),
        vaultMount: blank(input.vaultMount),
      };
      if (
        options.accountId !== undefined &&
        !/^\d{12}$/.test(options.accountId)
      ) {
        throw new InputError(
          `accountId: ${JSON.stringify(
            options.accountId,
          )} is not a 12-digit AWS account ID`,
        );
      }
      const mountError =
        options.vaultMount === undefined
          ? undefined
          : checkVaultMount(options.vaultMount);
      if (mountError) throw new InputError(`vaultMount: ${mountError}`);
      if (options.kmsKeyArn !== undefined) {
        if (options.provider !== 'aws-parameter-store') {
          throw new InputError(
            'kmsKeyArn: only a Parameter Store pipeline (provider aws-parameter-store) names a KMS key',
          );
        }
        const key = KMS_KEY_ARN.exec(options.kmsKeyArn);
        if (!key) {
          throw new InputError(
            `kmsKeyArn: ${JSON.stringify(
              options.kmsKeyArn,
            )} is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)`,
          );
        }
        if (options.region && key[2] !== options.region) {
          throw new InputError(
            `kmsKeyArn: the key is in ${key[2]}, but Parameter Store encrypts a parameter of ${options.region} only with a key of that region`,
          );
        }
      }
      const dir = resolveSafeChildPath(ctx.workspacePath, path);
      const stat = await fs.stat(dir).catch(() => undefined);
      if (!stat?.isDirectory()) {
        throw new InputError(
          `path: "${path}" is not a folder of the workspace; render the pipeline there first (fetch:template targetPath)`,
        );
      }
      const { documents, problems: parseProblems } = await loadManifests(dir);
      const { problems, summary } = checkPipeline(documents, options);
      const all = [...parseProblems, ...problems];
      if (all.length > 0) {
        throw new InputError(formatProblems(all));
      }
      const files = [...new Set(documents.map(d => d.file))];
      ctx.logger.info(
        [
          `Validated ${summary.externalSecrets.join(', ')}`,
          `workload patch ${summary.workloadPatches.join(', ')}`,
          ...(summary.iamPolicies.length
            ? [`IAM policy ${summary.iamPolicies.join(', ')}`]
            : []),
          ...(summary.vaultPolicies.length
            ? [`Vault policy ${summary.vaultPolicies.join(', ')}`]
            : []),
        ].join('; '),
      );
      ctx.output('externalSecrets', summary.externalSecrets);
      ctx.output('files', files);
    },
  });
}
