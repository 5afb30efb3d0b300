import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import {
  COLLECTIONS,
  FakeKubeApiServer,
} from './sources/kubernetes/__testUtils__/FakeKubeApiServer';

// Several replicas, for real: two backend processes on one PostgreSQL (the test database of
// scripts/start-postgres.sh), each watching the same cluster. They must serve the same report,
// run scheduled work once between them, and both accept "Sync now".

jest.setTimeout(240_000);

const connection = Object.entries(process.env).find(([name]) =>
  /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(name),
)?.[1];
if (!connection && process.env.ESO_REQUIRE_POSTGRES) {
  throw new Error(
    'ESO_REQUIRE_POSTGRES is set but no PostgreSQL connection string is: eval "$(bash scripts/start-postgres.sh)"',
  );
}
const describeWithPostgres = connection ? describe : describe.skip;

const TOKEN = 'replicas-test-token-0123456789';
const ENTITY = 'component:default/orders';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describeWithPostgres('two backend replicas on one PostgreSQL', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eso-replicas-'));
  const collectLog = path.join(dir, 'collect.log');
  const cluster = new FakeKubeApiServer();
  const replicas: Array<{ url: string; child: ChildProcess; log: string }> = [];

  const externalSecret = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: {
      name: 'db',
      namespace: 'orders',
      uid: 'uid-db',
      creationTimestamp: '2026-01-01T00:00:00Z',
      labels: { 'backstage.io/kubernetes-id': 'orders' },
    },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws' },
      target: { name: 'db', creationPolicy: 'None' },
    },
    status: {
      refreshTime: new Date().toISOString(),
      conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced' }],
    },
  };

  const api = (url: string, route: string, init: RequestInit = {}) =>
    fetch(`${url}/api/external-secrets${route}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        'Content-Type': 'application/json',
        ...init.headers,
      },
      signal: AbortSignal.timeout(30_000),
    });

  async function startReplica(prefix: string): Promise<void> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const config = path.join(dir, `replica-${port}.yaml`);
    fs.writeFileSync(
      config,
      stringify({
        backend: {
          baseUrl: url,
          listen: { host: '127.0.0.1', port },
          database: { client: 'pg', connection, prefix },
          auth: {
            externalAccess: [
              { type: 'static', options: { token: TOKEN, subject: 'test' } },
            ],
          },
        },
        catalog: {
          rules: [{ allow: ['Component', 'Location'] }],
          locations: [
            { type: 'file', target: path.join(dir, 'catalog-info.yaml') },
          ],
        },
        externalSecrets: {
          clusters: [
            {
              name: 'live',
              url: cluster.url,
              serviceAccountToken: 'token',
              skipTLSVerify: true,
            },
          ],
          aws: {
            refresh: {
              frequency: { seconds: 2 },
              timeout: { seconds: 20 },
              initialDelay: { seconds: 1 },
            },
          },
        },
      }),
    );
    const log = path.join(dir, `replica-${port}.log`);
    const out = fs.openSync(log, 'a');
    const child = spawn(
      process.execPath,
      [
        '-r',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        path.join(__dirname, '__testUtils__', 'replicaBackend.ts'),
        '--config',
        config,
      ],
      {
        env: { ...process.env, COLLECT_LOG: collectLog, NODE_ENV: 'test' },
        stdio: ['ignore', out, out],
      },
    );
    replicas.push({ url, child, log });
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(
          `replica exited: ${fs.readFileSync(log, 'utf8').slice(-3000)}`,
        );
      try {
        const ready = await fetch(`${url}/.backstage/health/v1/readiness`);
        if (ready.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(
          `replica not ready: ${fs.readFileSync(log, 'utf8').slice(-3000)}`,
        );
      await sleep(500);
    }
  }

  async function reportOf(url: string) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await api(url, `/v1/report?entityRef=${ENTITY}`);
      const body = res.ok ? await res.json() : undefined;
      if (body?.externalSecrets?.length) return body;
      if (Date.now() > deadline)
        throw new Error(`no report from ${url}: ${res.status}`);
      await sleep(500);
    }
  }

  beforeAll(async () => {
    await cluster.start();
    cluster.put(COLLECTIONS.clusterSecretStores(), {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: 'aws' },
      spec: { provider: { aws: { region: 'eu-west-1' } } },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    });
    cluster.put(COLLECTIONS.externalSecrets(), externalSecret);
    fs.writeFileSync(
      path.join(dir, 'catalog-info.yaml'),
      stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'orders',
          annotations: { 'backstage.io/kubernetes-id': 'orders' },
        },
        spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
      }),
    );
    // Both replicas share the databases of this run (a unique prefix keeps runs apart).
    const prefix = `eso_replicas_${process.pid}_`;
    await startReplica(prefix);
    await startReplica(prefix);
  });

  afterAll(async () => {
    for (const { child } of replicas) child.kill('SIGTERM');
    await Promise.all(
      replicas.map(
        ({ child }) =>
          new Promise(resolve =>
            child.exitCode !== null
              ? resolve(undefined)
              : child.once('exit', resolve),
          ),
      ),
    );
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serve the same report, run scheduled work once, and both accept a sync', async () => {
    const [a, b] = replicas;
    const [reportA, reportB] = await Promise.all([
      reportOf(a.url),
      reportOf(b.url),
    ]);
    // The same answer; only when each replica generated it, last heard from the cluster and last
    // polled the stored provider listing (refreshed every 2 s) may differ.
    const comparable = (report: any) => ({
      ...report,
      generatedAt: undefined,
      clusters: report.clusters.map((c: any) => ({
        ...c,
        lastUpdated: undefined,
      })),
      providers: report.providers.map((p: any) => ({
        ...p,
        refreshedAt: undefined,
      })),
    });
    expect(comparable(reportA)).toEqual(comparable(reportB));
    expect(reportA.externalSecrets.map((es: any) => es.name)).toEqual(['db']);

    // The refresh task (scope global, every 2 s, 300 ms per run) over 12 s: one run per slot
    // across both replicas, never two at once.
    fs.writeFileSync(collectLog, '');
    await sleep(12_000);
    const runs = fs
      .readFileSync(collectLog, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(line => line.split(' ').map(Number))
      .sort((x, y) => x[1] - y[1]);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBeLessThanOrEqual(8);
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i][1]).toBeGreaterThanOrEqual(runs[i - 1][2]);
    }

    // "Sync now" through either replica patches the ExternalSecret.
    for (const replica of replicas) {
      const res = await api(replica.url, '/v1/sync', {
        method: 'POST',
        body: JSON.stringify({
          cluster: 'live',
          namespace: 'orders',
          name: 'db',
        }),
      });
      expect(res.status).toBe(202);
    }
    const patches = cluster
      .requestsTo(
        '/apis/external-secrets.io/v1/namespaces/orders/externalsecrets/db',
      )
      .filter(r => r.method === 'PATCH');
    expect(patches).toHaveLength(2);

    // Both replicas watch the ExternalSecret fail; its history says so once.
    cluster.put(COLLECTIONS.externalSecrets(), {
      ...externalSecret,
      status: {
        refreshTime: new Date().toISOString(),
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'SecretSyncedError',
            message: 'could not get secret data from provider',
          },
        ],
      },
    });
    const healthChanges = async (url: string) => {
      const res = await api(
        url,
        '/v1/history?cluster=live&namespace=orders&name=db',
      );
      const body = await res.json();
      return body.items.filter((e: any) => e.type === 'health-changed');
    };
    const deadline = Date.now() + 30_000;
    while (
      (await reportOf(a.url)).externalSecrets[0].health !== 'error' ||
      (await reportOf(b.url)).externalSecrets[0].health !== 'error'
    ) {
      if (Date.now() > deadline) throw new Error('the failure never showed');
      await sleep(250);
    }
    // Let both replicas' queued history writes land.
    await sleep(2000);
    expect(await healthChanges(a.url)).toHaveLength(1);
    expect(await healthChanges(b.url)).toHaveLength(1);
  });
});
