/*
 * The plugin alone on a real Backstage backend (createBackend: real HTTP server, real auth with
 * the static external-access tokens of the config, SQLite in memory), serving the bundled
 * demo cluster. Only the catalog (the demo services of the repository's catalog-info.yaml) and
 * the permission policy (allow all) are stand-ins. scripts/schemathesis.sh runs it, from the
 * plugin's folder, as
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs dev/index.ts --config dev/app-config.api-test.yaml
 *
 * with API_TEST_PORT and API_TEST_TOKEN (the static token requests must carry) in the environment.
 */
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

// A development entry point inside the repository: the catalog file is the repository's.
// eslint-disable-next-line no-restricted-syntax
const catalogFile = resolve(__dirname, '../../../catalog-info.yaml');
const entities = parseAllDocuments(readFileSync(catalogFile, 'utf8'))
  .map(doc => doc.toJS() as Entity)
  .filter(entity => entity?.kind === 'Component' || entity?.kind === 'Group');

const backend = createBackend();
backend.add(import('../src'));
backend.add(catalogServiceMock.factory({ entities }));
backend.add(
  mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
);
backend.start();
