/*
 * The "New secret pipeline" template run through the real scaffolder backend's dry-run route
 * (POST /api/scaffolder/v2/dry-run), with this module, the real GitHub module and the
 * template's own files from templates/external-secret-pipeline. Tests supply the catalog's
 * entities and, when they need one, the URL reader: both are in-memory stand-ins.
 */
import { ServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import { promises as fs } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { scaffolderModuleExternalSecrets } from '../module';

// Test-only code run from source, where __dirname is this folder.
// eslint-disable-next-line no-restricted-syntax
const templateDir = resolve(
  __dirname,
  '../../../../templates/external-secret-pipeline',
);

/** A catalog Component owned by `team-<name>`. */
export function component(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: `team-${name}` },
  };
}

/** The form filled in for checkout's pipeline; tests override the values they vary. */
export const checkoutFormValues = {
  entity: 'component:default/checkout',
  owner: 'group:default/team-checkout',
  cluster: 'prod-eu',
  namespace: 'checkout',
  workloadKind: 'Deployment',
  esoOlderThan017: false,
  provider: 'aws-secrets-manager',
  storeKind: 'ClusterSecretStore',
  storeName: 'aws-prod',
  awsRegion: 'eu-west-1',
  awsAccountId: '111122223333',
  remoteKey: 'checkout/prod/db',
  secretName: 'checkout-db',
  mappings: [
    { property: 'username', envName: 'DB_USER' },
    { property: 'password', envName: 'DB_PASSWORD', secretKey: 'db-password' },
  ],
  createRemoteSecret: false,
  refreshInterval: '1h',
  allowShortRefreshInterval: false,
  refreshPolicy: 'Periodic',
  consumption: 'volume',
  reloader: true,
  repoUrl: 'github.com?owner=acme&repo=checkout',
};

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out;
}

export interface TemplateDryRunOptions {
  /**
   * Template files to replace for this run, keyed by a part of their path that names one file
   * (e.g. `vault-policy.hcl` for the skeleton's policy), with the replacement's content: to see
   * what the validate step does with a file the template got wrong.
   */
  replaceFiles?: Record<string, string>;
}

export interface TemplateDryRun {
  /** Dry-runs the template with these form values; the response of the route. */
  run(
    values: Record<string, unknown>,
    options?: TemplateDryRunOptions,
  ): Promise<request.Response>;
  stop(): Promise<void>;
}

function replaceFiles(
  files: { path: string; base64Content: string }[],
  replacements: Record<string, string> = {},
) {
  for (const part of Object.keys(replacements)) {
    const matching = files.filter(f => f.path.includes(part));
    if (matching.length !== 1) {
      throw new Error(
        `replaceFiles: "${part}" names ${matching.length} template files, not one`,
      );
    }
  }
  return files.map(file => {
    const part = Object.keys(replacements).find(p => file.path.includes(p));
    return part === undefined
      ? file
      : {
          path: file.path,
          base64Content: Buffer.from(replacements[part], 'utf8').toString(
            'base64',
          ),
        };
  });
}

export async function startTemplateDryRun(options: {
  entities: Entity[];
  urlReader?: ServiceFactory;
}): Promise<TemplateDryRun> {
  const template = parse(
    await fs.readFile(join(templateDir, 'template.yaml'), 'utf8'),
  );
  const directoryContents = await Promise.all(
    (
      await listFiles(templateDir)
    ).map(async path => ({
      path: relative(templateDir, path),
      base64Content: (await fs.readFile(path)).toString('base64'),
    })),
  );
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      githubModule,
      scaffolderModuleExternalSecrets,
      catalogServiceMock.factory({ entities: options.entities }),
      ...(options.urlReader ? [options.urlReader] : []),
      mockServices.rootConfig.factory({
        data: {
          // A token only lets the GitHub action build its client; dry runs never call GitHub.
          integrations: { github: [{ host: 'github.com', token: 'unused' }] },
        },
      }),
    ],
  });
  return {
    run: (values, runOptions = {}) =>
      request(backend.server)
        .post('/api/scaffolder/v2/dry-run')
        .send({
          template,
          values,
          directoryContents: replaceFiles(
            directoryContents,
            runOptions.replaceFiles,
          ),
        }),
    stop: () => backend.stop(),
  };
}

/** The body of a dry run that succeeded; throws, with the body, when it did not. */
export function dryRunBody(res: request.Response): any {
  if (res.status !== 200) {
    throw new Error(`dry run failed: ${JSON.stringify(res.body)}`);
  }
  return res.body;
}

/** The files a dry run produced, by path, as text. */
export function dryRunFiles(body: any): Record<string, string> {
  return Object.fromEntries(
    body.directoryContents.map((f: any) => [
      f.path,
      Buffer.from(f.base64Content, 'base64').toString('utf8'),
    ]),
  );
}

/**
 * One file as the template writes it for checkout's service (a catalog Component with its
 * kubernetes-id annotation), from a dry run of the whole template for each set of form values;
 * the form is {@link checkoutFormValues} with each set's values over it.
 */
export async function renderCheckoutFile<K extends string>(
  path: string,
  valueSets: Record<K, Record<string, unknown>>,
): Promise<Record<K, string>> {
  const dryRun = await startTemplateDryRun({
    entities: [
      component('checkout', { 'backstage.io/kubernetes-id': 'checkout' }),
    ],
  });
  try {
    const rendered = {} as Record<K, string>;
    for (const name of Object.keys(valueSets) as K[]) {
      const res = await dryRun.run({
        ...checkoutFormValues,
        ...valueSets[name],
      });
      const file = dryRunFiles(dryRunBody(res))[path];
      if (!file) throw new Error(`the dry run wrote no ${path}`);
      rendered[name] = file;
    }
    return rendered;
  } finally {
    await dryRun.stop();
  }
}
