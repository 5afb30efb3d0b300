import {
  resolveSafeChildPath,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  createTemplateAction,
  parseRepoUrl,
} from '@backstage/plugin-scaffolder-node';
import { KUBERNETES_ID_ANNOTATION } from '@eso-health/plugin-external-secrets-common';
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { annotateCatalogFile } from '../catalogInfo/annotateCatalogFile';
import { parseGithubFileUrl } from '../catalogInfo/githubFileUrl';

/** @public */
export const ANNOTATE_CATALOG_INFO_ACTION_ID =
  'external-secrets:catalog:annotate';

/** A Kubernetes label value (the ExternalSecret and the workload carry it as a label). */
const LABEL_VALUE = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/** A location reference as the catalog writes it: `<type>:<target>`. */
const LOCATION_REF = /^([A-Za-z0-9][A-Za-z0-9+.-]*):(.+)$/;

type Outcome =
  | { edited: true; path: string }
  | { edited: false; reason: string };

function parseEntityName(ref: string): CompoundEntityRef {
  try {
    return parseEntityRef(ref);
  } catch {
    throw new InputError(
      `entityRef: ${JSON.stringify(
        ref,
      )} is not an entity ref such as component:default/checkout`,
    );
  }
}

/**
 * `external-secrets:catalog:annotate`: when the entity's catalog file
 * (`backstage.io/managed-by-location`) is in the repository the pull request goes to, reads it
 * and writes it into the workspace at its repository path with the `backstage.io/kubernetes-id`
 * annotation added (comments, formatting and other documents kept), so the pull request edits
 * it. Otherwise writes nothing and outputs `edited: false` with the reason, for the template
 * to fall back to a snippet. Only reads the catalog file and writes the workspace, so it runs
 * in dry runs too.
 *
 * @public
 */
export function createAnnotateCatalogInfoAction(options: {
  reader: UrlReaderService;
  integrations: ScmIntegrationRegistry;
}) {
  const { reader, integrations } = options;
  return createTemplateAction({
    id: ANNOTATE_CATALOG_INFO_ACTION_ID,
    description:
      "Adds the backstage.io/kubernetes-id annotation to the entity's catalog-info.yaml in the workspace when that file lives in the pull request's repository",
    supportsDryRun: true,
    examples: [
      {
        description:
          "Annotate checkout's catalog-info.yaml in the pull request to acme/checkout",
        example: [
          'steps:',
          '  - id: annotate',
          '    action: external-secrets:catalog:annotate',
          '    input:',
          '      entityRef: component:default/checkout',
          '      location: url:https://github.com/acme/checkout/blob/main/catalog-info.yaml',
          '      repoUrl: github.com?owner=acme&repo=checkout',
          '      kubernetesId: checkout',
        ].join('\n'),
      },
    ],
    schema: {
      input: z =>
        z
          .object({
            entityRef: z
              .string()
              .describe(
                'The entity to annotate, e.g. component:default/checkout',
              ),
            location: z
              .string()
              .describe(
                "The entity's backstage.io/managed-by-location annotation, e.g. url:https://github.com/acme/checkout/blob/main/catalog-info.yaml",
              )
              .optional(),
            repoUrl: z
              .string()
              .describe(
                'The repository the pull request goes to, in RepoUrlPicker format: github.com?owner=acme&repo=checkout',
              ),
            kubernetesId: z
              .string()
              .describe('Value of the backstage.io/kubernetes-id annotation'),
          })
          .strict(),
      output: z =>
        z.object({
          edited: z
            .boolean()
            .describe(
              'Whether the catalog file was written into the workspace',
            ),
          path: z
            .string()
            .describe(
              'Its path in the workspace and the repository, when edited',
            )
            .optional(),
          reason: z
            .string()
            .describe(
              'Why it was not edited (the annotation must be added by hand)',
            )
            .optional(),
        }),
    },
    async handler(ctx) {
      const { entityRef, location, repoUrl, kubernetesId } = ctx.input;
      const entity = parseEntityName(entityRef);
      if (!LABEL_VALUE.test(kubernetesId)) {
        throw new InputError(
          `kubernetesId: ${JSON.stringify(
            kubernetesId,
          )} is not a Kubernetes label value (at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit)`,
        );
      }
      let repo: ReturnType<typeof parseRepoUrl>;
      try {
        repo = parseRepoUrl(repoUrl, integrations);
      } catch (error) {
        throw new InputError(`repoUrl: ${(error as Error).message}`);
      }

      const outcome = await (async (): Promise<Outcome> => {
        if (!location) {
          return {
            edited: false,
            reason: 'the entity has no backstage.io/managed-by-location',
          };
        }
        const locationMatch = LOCATION_REF.exec(location);
        if (!locationMatch) {
          throw new InputError(
            `location: ${JSON.stringify(
              location,
            )} is not a location reference such as url:https://github.com/acme/checkout/blob/main/catalog-info.yaml`,
          );
        }
        const [, type, target] = locationMatch;
        if (type !== 'url') {
          return {
            edited: false,
            reason: `the entity is registered from a ${type}: location (${target}), not from the repository`,
          };
        }
        let url: URL;
        try {
          url = new URL(target);
        } catch {
          throw new InputError(
            `location: ${JSON.stringify(target)} is not a URL`,
          );
        }
        if (url.protocol !== 'https:' && url.protocol !== 'http:') {
          throw new InputError(`location: ${url.href} is not an http(s) URL`);
        }
        const integration = integrations.byUrl(url);
        if (integration?.type !== 'github') {
          return {
            edited: false,
            reason: `${url.href} is not on a configured GitHub host`,
          };
        }
        if (integrations.byHost(repo.host)?.type !== 'github') {
          return {
            edited: false,
            reason: `the pull request does not go to GitHub (${repo.host})`,
          };
        }
        const file = parseGithubFileUrl(url);
        if (!file) {
          return {
            edited: false,
            reason: `${url.href} is not a GitHub file URL (https://<host>/<owner>/<repo>/blob/<ref>/<path>)`,
          };
        }
        const same = (a: string | undefined, b: string | undefined) =>
          a !== undefined &&
          b !== undefined &&
          a.toLowerCase() === b.toLowerCase();
        if (
          !same(url.host, repo.host) ||
          !same(file.owner, repo.owner) ||
          !same(file.repo, repo.repo)
        ) {
          return {
            edited: false,
            reason: `the catalog file is in ${url.host}/${file.owner}/${file.repo}, not in the pull request's repository ${repo.host}/${repo.owner}/${repo.repo}`,
          };
        }
        // Throws NotAllowedError when the path would leave the workspace.
        const destination = resolveSafeChildPath(ctx.workspacePath, file.path);

        let text: string;
        try {
          const response = await reader.readUrl(url.href, {
            signal: ctx.signal,
          });
          text = (await response.buffer()).toString('utf8');
        } catch (error) {
          return {
            edited: false,
            reason: `${url.href} could not be read: ${String(
              (error as Error)?.message ?? error,
            )}`,
          };
        }
        const result = annotateCatalogFile(text, entity, kubernetesId);
        if ('reason' in result) {
          return { edited: false, reason: `${file.path}: ${result.reason}` };
        }
        await fs.mkdir(dirname(destination), { recursive: true });
        await fs.writeFile(destination, result.content, 'utf8');
        return { edited: true, path: file.path };
      })();

      if (outcome.edited) {
        ctx.logger.info(
          `Added ${KUBERNETES_ID_ANNOTATION}: ${kubernetesId} to ${entityRef} in ${outcome.path}; the pull request edits it`,
        );
        ctx.output('edited', true);
        ctx.output('path', outcome.path);
      } else {
        // One line: the reason also goes into a YAML comment and the pull request.
        const reason = outcome.reason.replace(/\s+/g, ' ').trim();
        ctx.logger.warn(
          `Not editing the catalog file of ${entityRef}: ${reason}. The annotation ${KUBERNETES_ID_ANNOTATION}: ${kubernetesId} must be added by hand`,
        );
        ctx.output('edited', false);
        ctx.output('reason', reason);
      }
    },
  });
}
