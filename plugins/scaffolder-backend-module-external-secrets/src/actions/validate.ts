import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { EXTERNAL_SECRET_API_VERSIONS } from '@eso-health/plugin-external-secrets-common';
import { promises as fs } from 'node:fs';
import { loadManifests } from '../manifests/loadManifests';
import { checkPipeline } from '../rules/checkPipeline';
import { formatProblems } from '../rules/problems';
import { CONSUMPTION_MODES } from '../rules/workloadPatchRules';

export const VALIDATE_ACTION_ID = 'external-secrets:validate';

/**
 * `external-secrets:validate`: checks the generated secret pipeline in the workspace (the
 * ExternalSecret in each API version against ESO's CRD schema, and the template's rules for
 * it, the workload patch and the IAM policy). Fails the task with every problem, each naming
 * its file and field. Reads only the workspace, so it runs in dry runs too.
 */
export function createValidateAction() {
  return createTemplateAction({
    id: VALIDATE_ACTION_ID,
    description:
      "Validates a generated External Secrets pipeline (ExternalSecret, workload patch, IAM policy) against ESO's CRD schemas and the pipeline's rules",
    supportsDryRun: true,
    examples: [
      {
        description: 'Validate the manifests rendered into deploy/checkout',
        example: [
          'steps:',
          '  - id: validate',
          '    action: external-secrets:validate',
          '    input:',
          '      path: deploy/checkout',
          '      consumption: volume',
          '      reloader: false',
        ].join('\n'),
      },
    ],
    schema: {
      input: z =>
        z
          .object({
            path: z
              .string()
              .describe(
                'Folder of the workspace holding the generated files (YAML and JSON); the workspace root by default',
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
            awsSecretsManager: z
              .boolean()
              .describe(
                'The store is AWS Secrets Manager (default true): remote keys must be AWS secret names and an IAM policy must come with the pipeline. Set false for other providers',
              )
              .optional(),
            region: z
              .string()
              .describe("The store's AWS region; IAM resources must be in it")
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
      const { path = '.', ...options } = ctx.input;
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
        ].join('; '),
      );
      ctx.output('externalSecrets', summary.externalSecrets);
      ctx.output('files', files);
    },
  });
}
