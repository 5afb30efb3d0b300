/*
 * The secret-value canary: a unique value seeded into every Secret of a manifests folder (in
 * `data`, `stringData` and the `kubectl.kubernetes.io/last-applied-configuration` annotation)
 * must not reach anything the backend or the CLI writes: every API response (report, overview,
 * history, sync), the backend's log (every line of every level, audit events included), the
 * database files (SQLite files in a temporary folder), and the drift CLI's JSON and table.
 * The lab's half (Secrets on a real cluster) is in packages/cluster-e2e.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  Canary,
  capturingRootLogger,
  filesUnder,
  serviceEntity,
} from '@eso-health/test-harness';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parseAllDocuments, stringify } from 'yaml';
import { externalSecretsPlugin } from './plugin';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const DEMO = path.join(REPO_ROOT, 'examples', 'demo-cluster');
const DRIFT_BIN = path.join(
  REPO_ROOT,
  'packages',
  'external-secrets-drift',
  'bin',
  'external-secrets-drift',
);
const API = '/api/external-secrets/v1';

const canary = new Canary();

/** Copies the demo cluster to `dir` with the canary in every Secret; returns how many. */
function seedManifests(dir: string): number {
  let seeded = 0;
  for (const file of fs.readdirSync(DEMO)) {
    const from = path.join(DEMO, file);
    const to = path.join(dir, file);
    if (!/\.ya?ml$/.test(file)) {
      fs.copyFileSync(from, to);
      continue;
    }
    const values = parseAllDocuments(fs.readFileSync(from, 'utf8')).map(doc =>
      doc.toJS(),
    );
    const secrets = values
      .flatMap(value => (Array.isArray(value?.items) ? value.items : [value]))
      .filter(object => object?.kind === 'Secret');
    secrets.forEach(secret => canary.seed(secret));
    seeded += secrets.length;
    fs.writeFileSync(to, values.map(value => stringify(value)).join('---\n'));
  }
  return seeded;
}

/** The demo's services, each owned by its team. */
const component = (name: string): Entity =>
  serviceEntity(name, `group:default/team-${name}`);

describe('the secret-value canary', () => {
  let tmp: string;
  let manifests: string;
  let databaseDir: string;
  let seededSecrets = 0;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eso-canary-'));
    manifests = path.join(tmp, 'manifests');
    databaseDir = path.join(tmp, 'database');
    fs.mkdirSync(manifests);
    fs.mkdirSync(databaseDir);
    seededSecrets = seedManifests(manifests);
  });

  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('is in every Secret of the manifests folder, where the check finds it', () => {
    expect(seededSecrets).toBeGreaterThan(3);
    const seededText = filesUnder(manifests)
      .map(f => f.text)
      .join('\n');
    for (const form of [canary.value, canary.base64])
      expect(seededText).toContain(form);
    // The same check that finds nothing below finds it here: it would find a leak.
    expect(
      canary.leaks('the seeded folder', seededText).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('never leaves the backend: API responses, log and database files', async () => {
    const logLines: string[] = [];
    const { server } = await startTestBackend({
      features: [
        externalSecretsPlugin,
        // The test backend's database and auditor are the real ones: SQLite files in the
        // folder configured below, audit events through the (captured) logger.
        capturingRootLogger(logLines),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              database: {
                client: 'better-sqlite3',
                connection: { directory: databaseDir },
              },
            },
            externalSecrets: {
              clusters: [{ name: 'demo', manifests }],
              aws: {
                listSecretsFiles: [
                  path.join(manifests, 'aws-list-secrets.json'),
                ],
              },
              replay: { capturedAt: '2026-11-23T12:00:00Z', clock: 'frozen' },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: ['payments-api', 'checkout', 'ledger'].map(component),
        }),
      ],
    });

    // A signed-in user, as the portal's frontend would call.
    const agent = request
      .agent(server)
      .set('Authorization', mockCredentials.user.header());
    const api = () => agent;
    const responses: Array<{ what: string; text: string }> = [];
    const call = async (what: string, req: request.Test) => {
      const res = await req;
      responses.push({
        what: `${what} (${res.status})`,
        text: `${JSON.stringify(res.headers)}\n${res.text}`,
      });
      return res;
    };

    // Wait until the seeded folder has been read, then ask every route.
    const deadline = Date.now() + 30_000;
    let payments: request.Response;
    for (;;) {
      payments = await api()
        .get(`${API}/report`)
        .query({ entityRef: 'component:default/payments-api' });
      if (payments.body?.externalSecrets?.length > 0) break;
      if (Date.now() > deadline)
        throw new Error(`not loaded: ${payments.text}`);
      await new Promise(r => setTimeout(r, 200));
    }
    const externalSecrets: Array<{ namespace: string; name: string }> = [];
    for (const service of ['payments-api', 'checkout', 'ledger', 'nope']) {
      const res = await call(
        `report of ${service}`,
        api()
          .get(`${API}/report`)
          .query({ entityRef: `component:default/${service}` }),
      );
      externalSecrets.push(...(res.body.externalSecrets ?? []));
    }
    expect(externalSecrets.length).toBeGreaterThan(3);
    await call('overview', api().get(`${API}/overview`));
    await call(
      'overview, searched',
      api().get(`${API}/overview`).query({ q: 'canary', limit: 500 }),
    );
    for (const es of externalSecrets) {
      const target = {
        cluster: 'demo',
        namespace: es.namespace,
        name: es.name,
      };
      await call(
        `history of ${es.name}`,
        api().get(`${API}/history`).query(target),
      );
      await call(`sync of ${es.name}`, api().post(`${API}/sync`).send(target));
    }
    // Bad input naming a seeded Secret's key must not echo anything either.
    await call(
      'sync with an unknown property',
      api()
        .post(`${API}/sync`)
        .send({ cluster: 'demo', namespace: 'payments', name: 'x', data: 'y' }),
    );
    expect(
      responses.filter(r => r.what.includes('(200)')).length,
    ).toBeGreaterThan(5);

    const found = [
      ...responses.flatMap(r =>
        canary.leaks(`the response to ${r.what}`, r.text),
      ),
      ...canary.leaks('the backend log', logLines.join('\n')),
    ];
    expect(logLines.length).toBeGreaterThan(0);
    // The backend wrote its SQLite file(s) into the folder configured above.
    const dbFiles = filesUnder(databaseDir);
    expect(dbFiles.map(f => path.basename(f.file))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/external-secrets.*\.sqlite$/),
      ]),
    );
    found.push(
      ...dbFiles.flatMap(f => canary.leaks(`database file ${f.file}`, f.text)),
    );
    expect(found).toEqual([]);
  });

  it('never leaves the drift CLI, as JSON or as a table', () => {
    const found: string[] = [];
    for (const format of [['--json'], []]) {
      const result = spawnSync(
        process.execPath,
        [
          DRIFT_BIN,
          '--manifests',
          manifests,
          '--aws-secrets',
          path.join(manifests, 'aws-list-secrets.json'),
          '--now',
          '2026-11-23T12:00:00Z',
          ...format,
        ],
        {
          cwd: REPO_ROOT,
          encoding: 'utf8',
          env: { ...process.env, FORCE_COLOR: '0' },
        },
      );
      if (result.error) throw result.error;
      // 0: all healthy, 1: drift found; both print the report.
      expect([0, 1]).toContain(result.status);
      expect(result.stdout.length).toBeGreaterThan(100);
      const what = format.length ? 'the CLI JSON' : 'the CLI table';
      found.push(
        ...canary.leaks(`${what} (stdout)`, result.stdout),
        ...canary.leaks(`${what} (stderr)`, result.stderr),
      );
    }
    expect(found).toEqual([]);
  });
});
