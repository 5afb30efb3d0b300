import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  OverviewResponse,
  ServiceReport,
} from '@eso-health/plugin-external-secrets-common';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { parseAllDocuments, stringify } from 'yaml';
import { demoFolder, replayClusterConfig } from './__testUtils__/demoCluster';
import { externalSecretsPlugin } from './plugin';

/** An ExternalSecret of the demo cluster, used for sync requests. */
const firstExternalSecret = {
  cluster: 'demo',
  namespace: 'payments',
  name: 'payments-api-db',
};

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      owner: `group:default/team-${name}`,
      lifecycle: 'production',
    },
  };
}

const entities = [
  component('payments-api', { 'backstage.io/kubernetes-id': 'payments-api' }),
  component('checkout', { 'backstage.io/kubernetes-id': 'checkout' }),
  component('ledger', { 'backstage.io/kubernetes-id': 'ledger' }),
  component('no-annotation', {}),
];

async function startBackend(options: {
  manifests: string;
  permissions?: ReturnType<typeof mockServices.permissions.mock>;
}) {
  const { server } = await startTestBackend({
    features: [
      externalSecretsPlugin,
      mockServices.rootConfig.factory({
        data: {
          externalSecrets: replayClusterConfig(options.manifests),
        },
      }),
      catalogServiceMock.factory({ entities }),
      ...(options.permissions ? [options.permissions.factory] : []),
    ],
  });
  return server;
}

async function report(server: any, entityRef: string): Promise<ServiceReport> {
  const res = await request(server)
    .get('/api/external-secrets/v1/report')
    .query({ entityRef });
  expect(res.status).toBe(200);
  return res.body;
}

/** Polls until the condition holds; every wait is bounded. */
async function eventually<T>(
  fn: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await fn();
  while (!ok(last)) {
    if (Date.now() > deadline)
      throw new Error(
        `condition not met within ${timeoutMs} ms: ${JSON.stringify(last).slice(
          0,
          500,
        )}`,
      );
    await new Promise(r => setTimeout(r, 100));
    last = await fn();
  }
  return last;
}

const rulesOf = (r: ServiceReport) =>
  new Set(r.externalSecrets.flatMap(es => es.findings.map(f => f.rule)));

describe('external-secrets backend plugin', () => {
  it('reports the demo services from the bundled demo cluster', async () => {
    const server = await startBackend({ manifests: demoFolder });

    const payments = await eventually(
      () => report(server, 'component:default/payments-api'),
      r => r.externalSecrets.length > 0,
    );
    expect(payments.health).toBe('healthy');
    expect(payments.clusters).toEqual([
      expect.objectContaining({ name: 'demo', status: 'ok' }),
    ]);

    const checkout = await report(server, 'component:default/checkout');
    expect(checkout.health).not.toBe('healthy');
    for (const rule of [
      'provider-ahead',
      'stale-env',
      'stale-subpath',
      'volume-propagating',
    ]) {
      expect(rulesOf(checkout).has(rule as any)).toBe(true);
    }
    expect(checkout.providers[0]).toEqual(
      expect.objectContaining({ provider: 'aws', status: 'ok' }),
    );

    const ledger = await report(server, 'component:default/ledger');
    expect(ledger.health).toBe('error');
    expect(rulesOf(ledger).has('store-not-ready')).toBe(true);
    expect(rulesOf(ledger).has('sync-failed')).toBe(true);

    // No secret value ever leaves the backend: the demo Secrets carry none, and the API never
    // returns a `data` field.
    expect(JSON.stringify([payments, checkout, ledger])).not.toMatch(
      /"data"\s*:/,
    );

    const empty = await report(server, 'component:default/no-annotation');
    expect(empty.externalSecrets).toEqual([]);
  });

  it('serves the overview worst first with server-side filters and paging', async () => {
    const server = await startBackend({ manifests: demoFolder });
    const overview = await eventually(
      async () =>
        (
          await request(server).get('/api/external-secrets/v1/overview')
        ).body as OverviewResponse,
      o => o.services?.total === 3 && o.totals.externalSecrets.error > 0,
    );
    expect(overview.services.items[0].entityRef).toBe(
      'component:default/ledger',
    );
    expect(overview.storesNotReady.length).toBeGreaterThan(0);
    expect(overview.findingsByRule['store-not-ready']).toBeGreaterThan(0);

    const page = await request(server)
      .get('/api/external-secrets/v1/overview')
      .query({ health: 'healthy', limit: 1 });
    expect(page.status).toBe(200);
    expect(page.body.services).toEqual(
      expect.objectContaining({ total: 1, limit: 1, offset: 0 }),
    );
    expect(page.body.services.items[0].entityRef).toBe(
      'component:default/payments-api',
    );

    const search = await request(server)
      .get('/api/external-secrets/v1/overview')
      .query({ q: 'CHECK' });
    expect(search.body.services.items.map((r: any) => r.entityRef)).toEqual([
      'component:default/checkout',
    ]);
  });

  it('answers 400, 401, 403 and 404 without changing anything', async () => {
    const server = await startBackend({ manifests: demoFolder });
    const api = '/api/external-secrets';

    const missing = await request(server).get(`${api}/v1/report`);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/entityRef/);
    expect(
      (await request(server).get(`${api}/v1/overview`).query({ limit: 100000 }))
        .status,
    ).toBe(400);
    expect(
      (await request(server).post(`${api}/v1/sync`).send({ cluster: 'demo' }))
        .status,
    ).toBe(400);
    expect(
      (
        await request(server)
          .post(`${api}/v1/sync`)
          .send('not json')
          .set('content-type', 'application/json')
      ).status,
    ).toBe(400);

    const unauthenticated = await request(server)
      .get(`${api}/v1/report`)
      .query({ entityRef: 'component:default/checkout' })
      .set('Authorization', mockCredentials.none.header());
    expect(unauthenticated.status).toBe(401);

    const unknown = await request(server)
      .get(`${api}/v1/report`)
      .query({ entityRef: 'component:default/nope' });
    expect(unknown.status).toBe(404);
    const unknownEs = await request(server)
      .post(`${api}/v1/sync`)
      .send({ cluster: 'demo', namespace: 'shop', name: 'nope' });
    expect(unknownEs.status).toBe(404);

    // The demo cluster is a manifests folder: read-only, with the kubectl command to use instead.
    const readOnly = await eventually(
      () => request(server).post(`${api}/v1/sync`).send(firstExternalSecret),
      res => res.status !== 404,
    );
    expect(readOnly.status).toBe(409);
    expect(readOnly.body.error.message).toMatch(/kubectl annotate/);
  });

  it('enforces the read and sync permissions', async () => {
    // Catalog reads allowed, ours denied.
    const deny = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            r.permission.name === 'catalog.entity.read'
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        })),
      authorizeConditional: async requests =>
        requests.map(() => ({ result: AuthorizeResult.DENY })),
    });
    const server = await startBackend({
      manifests: demoFolder,
      permissions: deny,
    });
    const api = '/api/external-secrets';
    const forbidden = await request(server)
      .get(`${api}/v1/report`)
      .query({ entityRef: 'component:default/checkout' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toMatch(
      /external-secrets.report.read/,
    );
    expect((await request(server).get(`${api}/v1/overview`)).status).toBe(403);
    // Without catalog read either, the entity is not found, as the catalog itself would say.
    const unseen = await startBackend({
      manifests: demoFolder,
      permissions: mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.DENY })),
      }),
    });
    expect(
      (
        await request(unseen)
          .get(`${api}/v1/report`)
          .query({ entityRef: 'component:default/checkout' })
      ).status,
    ).toBe(404);
    const sync = await eventually(
      () => request(server).post(`${api}/v1/sync`).send(firstExternalSecret),
      res => res.status !== 404,
    );
    expect(sync.status).toBe(403);
    expect(sync.body.error.message).toMatch(/external-secrets.sync/);
  });

  it('shows a manifests folder edited while running', async () => {
    const dir = createMockDirectory();
    await fs.cp(demoFolder, dir.path, { recursive: true });
    const server = await startBackend({ manifests: dir.path });
    const before = await eventually(
      () => report(server, 'component:default/payments-api'),
      r => r.externalSecrets.length > 0,
    );
    expect(before.health).toBe('healthy');

    // A platform engineer re-dumps the cluster: the payments store has just failed.
    const file = join(dir.path, 'stores.yaml');
    const text = await fs.readFile(file, 'utf8');
    await fs.writeFile(
      file,
      breakStore(text, before.externalSecrets[0].store.name),
    );

    const after = await eventually(
      () => report(server, 'component:default/payments-api'),
      r =>
        r.externalSecrets.some(es =>
          es.findings.some(f => f.rule === 'store-not-ready'),
        ),
    );
    expect(after.health).toBe('error');
  });
});

/** Flips the Ready condition of the named store in a multi-document YAML dump to False. */
function breakStore(yamlText: string, storeName: string): string {
  const flip = (object: any) => {
    if (
      !/SecretStore$/.test(object?.kind ?? '') ||
      object.metadata?.name !== storeName
    )
      return;
    object.status = {
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'InvalidProviderConfig',
          message: 'unable to validate store',
          lastTransitionTime: '2026-11-23T11:59:00Z',
        },
      ],
    };
  };
  return parseAllDocuments(yamlText)
    .map(doc => {
      const value = doc.toJS();
      (Array.isArray(value?.items) ? value.items : [value]).forEach(flip);
      return stringify(value);
    })
    .join('---\n');
}
