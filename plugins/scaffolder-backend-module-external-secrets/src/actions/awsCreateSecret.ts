import {
  CreateSecretCommand,
  DescribeSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { callerAccountId } from '../aws/callerAccountId';
import { SecretsManagerClientFactory } from '../aws/clientForRegion';
import { checkAwsRegion, checkAwsSecretName } from '../rules/names';

/** @public */
export const AWS_CREATE_SECRET_ACTION_ID = 'external-secrets:aws:create-secret';

/**
 * Tag keys written on the created secret.
 *
 * @public
 */
export const SECRET_TAGS = {
  owner: 'backstage.io/owner',
  entityRef: 'backstage.io/entity-ref',
  managedBy: 'managed-by',
  template: 'backstage.io/template',
} as const;

const MANAGED_BY = 'backstage-scaffolder';

/** Entity references as the catalog writes them: `kind:namespace/name`. */
const ENTITY_REF =
  /^[A-Za-z0-9][A-Za-z0-9-_.]*:[A-Za-z0-9][A-Za-z0-9-_.]*\/[A-Za-z0-9][A-Za-z0-9-_.]*$/;

/** Inputs this action accepts; anything else (a value above all) is refused. */
const INPUT_KEYS = [
  'name',
  'region',
  'account',
  'accountId',
  'owner',
  'entityRef',
  'description',
];

function awsErrorName(error: unknown): string | undefined {
  return (error as { name?: string } | undefined)?.name;
}

/**
 * `external-secrets:aws:create-secret`: creates the remote secret in AWS Secrets Manager,
 * **without a value** and tagged with its owner and entity, and outputs its ARN. Refuses when
 * a secret of that name exists (or is scheduled for deletion): it never takes over or changes
 * an existing secret. It has no input for a value and never writes one: the owner puts the
 * value with their own AWS access, and ESO reports the key as missing until then.
 *
 * @public
 */
export function createAwsCreateSecretAction(options: {
  clientForRegion: SecretsManagerClientFactory;
}) {
  return createTemplateAction({
    id: AWS_CREATE_SECRET_ACTION_ID,
    description:
      'Creates an empty AWS Secrets Manager secret tagged with its owner and entity (never with a value); fails if it already exists',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Create checkout/prod/db in eu-west-1 for the checkout service',
        example: [
          'steps:',
          '  - id: create-secret',
          '    action: external-secrets:aws:create-secret',
          '    input:',
          '      name: checkout/prod/db',
          '      region: eu-west-1',
          '      owner: group:default/team-checkout',
          '      entityRef: component:default/checkout',
        ].join('\n'),
      },
    ],
    schema: {
      input: z =>
        z
          .object({
            name: z
              .string()
              .describe(
                'Secret name, e.g. checkout/prod/db (<service>/<environment>/<purpose>)',
              ),
            region: z.string().describe('AWS region, e.g. eu-west-1'),
            account: z
              .string()
              .describe(
                'Name of the configured AWS account (externalSecrets.aws.accounts) when several serve the region',
              )
              .optional(),
            accountId: z
              .string()
              .regex(/^[0-9]{12}$/, 'must be twelve digits')
              .describe(
                'The account the secret must be created in (e.g. the one the IAM policy names); refused before creating anything when the configured credentials act in another',
              )
              .optional(),
            owner: z
              .string()
              .describe(
                'Owner entity ref, e.g. group:default/team-checkout (tag backstage.io/owner)',
              ),
            entityRef: z
              .string()
              .describe(
                'The service the secret belongs to, e.g. component:default/checkout (tag backstage.io/entity-ref)',
              ),
            description: z
              .string()
              .max(2048)
              .describe('Secret description shown in the AWS console')
              .optional(),
          })
          .strict(),
      output: z =>
        z.object({
          arn: z.string().describe('ARN of the created secret'),
          name: z.string().describe('Name of the created secret'),
        }),
    },
    async handler(ctx) {
      const input = ctx.input;
      const unknown = Object.keys(input).filter(k => !INPUT_KEYS.includes(k));
      if (unknown.length > 0) {
        // Never echo the values: one of them may be a secret.
        throw new InputError(
          `${unknown.join(
            ', ',
          )}: not an input of ${AWS_CREATE_SECRET_ACTION_ID}; it never accepts a secret value (put the value with your own AWS access)`,
        );
      }
      const nameError = checkAwsSecretName(input.name);
      if (nameError) throw new InputError(`name: ${nameError}`);
      const regionError = checkAwsRegion(input.region);
      if (regionError) throw new InputError(`region: ${regionError}`);
      for (const field of ['owner', 'entityRef'] as const) {
        if (!ENTITY_REF.test(input[field])) {
          throw new InputError(
            `${field}: ${JSON.stringify(
              input[field],
            )} is not a full entity ref such as group:default/team-checkout`,
          );
        }
      }
      const tags = [
        { Key: SECRET_TAGS.owner, Value: input.owner },
        { Key: SECRET_TAGS.entityRef, Value: input.entityRef },
        { Key: SECRET_TAGS.managedBy, Value: MANAGED_BY },
        ...(ctx.templateInfo?.entityRef
          ? [{ Key: SECRET_TAGS.template, Value: ctx.templateInfo.entityRef }]
          : []),
      ];

      if (ctx.isDryRun) {
        const arn = `arn:aws:secretsmanager:${input.region}:000000000000:secret:${input.name}-dryrun`;
        ctx.logger.info(
          `Dry run: would create the empty secret ${input.name} in ${
            input.region
          } with tags ${tags.map(t => `${t.Key}=${t.Value}`).join(', ')}`,
        );
        ctx.output('arn', arn);
        ctx.output('name', input.name);
        return;
      }

      const client = options.clientForRegion({
        region: input.region,
        account: input.account,
      });
      if (input.accountId) {
        const actual = await callerAccountId(client, ctx.signal);
        if (actual !== input.accountId) {
          throw new InputError(
            `accountId: the AWS account configured for ${input.region}${
              input.account ? ` (${input.account})` : ''
            } is ${actual}, not ${
              input.accountId
            }; nothing was created. Correct the account ID, or configure externalSecrets.aws.accounts for ${
              input.accountId
            }`,
          );
        }
      }
      // A retried task must not try to create the secret twice (the second attempt would be
      // refused as "already exists"): the checkpoint keeps the first ARN.
      const arn = await ctx.checkpoint({
        key: `create-secret-${input.region}-${input.name}`,
        fn: async () => {
          try {
            const result = await client.send(
              new CreateSecretCommand({
                Name: input.name,
                Description:
                  input.description ??
                  `Read by External Secrets for ${input.entityRef}; owned by ${input.owner}. Created empty by Backstage.`,
                Tags: tags,
              }),
              { abortSignal: ctx.signal },
            );
            if (!result.ARN) {
              throw new Error('AWS did not return the ARN of the new secret');
            }
            return result.ARN;
          } catch (error) {
            const name = awsErrorName(error);
            const scheduledForDeletion = () =>
              new ConflictError(
                `name: a secret "${input.name}" is scheduled for deletion in ${input.region}; restore it (aws secretsmanager restore-secret) or choose another remote key`,
              );
            if (name === 'ResourceExistsException') {
              // Metadata only: tells a secret pending deletion from a live one.
              const existing = await client
                .send(new DescribeSecretCommand({ SecretId: input.name }))
                .catch(() => undefined);
              if (existing?.DeletedDate) throw scheduledForDeletion();
              throw new ConflictError(
                `name: the secret "${input.name}" already exists in ${input.region}; it was left untouched. Uncheck "create the secret" to use it, or choose another remote key`,
              );
            }
            if (
              name === 'InvalidRequestException' &&
              /scheduled for deletion/i.test((error as Error).message)
            ) {
              throw scheduledForDeletion();
            }
            if (name === 'AccessDeniedException') {
              throw new Error(
                `AWS refused CreateSecret for "${input.name}" in ${input.region}: the Backstage backend's role needs secretsmanager:CreateSecret and secretsmanager:TagResource on it`,
              );
            }
            throw error;
          }
        },
      });
      ctx.logger.info(
        `Created the empty secret ${input.name} in ${input.region} (${arn}); put its value with your own AWS access`,
      );
      ctx.output('arn', arn);
      ctx.output('name', input.name);
    },
  });
}
