import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
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
  let databasePrefix = '';

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
        app: { baseUrl: 'http://localhost:3000' },
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
          rules: [{ allow: ['Component', 'Location', 'Group', 'User'] }],
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
          notifications: {
            enabled: true,
            schedule: {
              frequency: { seconds: 1 },
              timeout: { seconds: 20 },
              initialDelay: { seconds: 1 },
            },
          },
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
      [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'orders',
            annotations: { 'backstage.io/kubernetes-id': 'orders' },
          },
          spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
        },
        // team-a's member receives the notifications (last test).
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: { name: 'team-a' },
          spec: { type: 'team', children: [] },
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'alice' },
          spec: { memberOf: ['team-a'] },
        },
      ]
        .map(entity => stringify(entity))
        .join('---\n'),
    );
    // Both replicas share the databases of this run (a unique prefix keeps runs apart).
    const prefix = `eso_replicas_${process.pid}_`;
    databasePrefix = prefix;
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

  it('send each notification once between them', async () => {
    cluster.put(COLLECTIONS.externalSecrets(), {
      ...externalSecret,
      status: {
        refreshTime: new Date().toISOString(),
        conditions: [
          { type: 'Ready', status: 'False', reason: 'SecretSyncedError' },
        ],
      },
    });
    // The notifications plugin's own database on the same server (backend.database.prefix).
    const db = knexFactory({
      client: 'pg',
      connection: Object.assign(new URL(connection!), {
        pathname: `/${databasePrefix}notifications`,
      }).toString(),
    });
    try {
      const rows = () =>
        db('notification').select('user', 'scope', 'origin', 'updated');
      const deadline = Date.now() + 60_000;
      while (!(await rows()).length) {
        if (Date.now() > deadline) throw new Error('no notification was sent');
        await sleep(500);
      }
      // The task runs every second on one replica at a time; give it several runs.
      await sleep(8_000);
      // One row per (user, scope), never updated in place: it was sent once, not twice and
      // merged by its scope.
      expect(await rows()).toEqual([
        {
          user: 'user:default/alice',
          scope: `external-secrets:${ENTITY}`,
          origin: 'plugin:external-secrets',
          updated: null,
        },
      ]);
    } finally {
      await db.destroy();
    }
  });

  it('store every history event once and serve the same history and timeline', async () => {
    const ago = (minutes: number) =>
      new Date(Date.now() - minutes * 60_000).toISOString();
    const [t1, t2] = [ago(10), ago(2)];
    // The pods start after each data change (no stale-env finding).
    const [m1, m2] = [ago(40), ago(1)];
    const [p1, p2] = [ago(30), ago(0.5)];
    const owned = {
      ...externalSecret,
      spec: {
        ...externalSecret.spec,
        target: { name: 'db', creationPolicy: 'Owner' },
      },
    };
    const esAt = (refreshTime: string, ready: boolean) => ({
      ...owned,
      status: {
        refreshTime,
        conditions: [
          ready
            ? { type: 'Ready', status: 'True', reason: 'SecretSynced' }
            : { type: 'Ready', status: 'False', reason: 'SecretSyncedError' },
        ],
      },
    });
    const secretAt = (hash: string, time: string) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'db',
        namespace: 'orders',
        annotations: { 'reconcile.external-secrets.io/data-hash': hash },
        managedFields: [
          {
            manager: 'externalsecrets.external-secrets.io/db',
            operation: 'Apply',
            time,
          },
        ],
      },
    });
    const podAt = (name: string, startedAt: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: 'orders',
        labels: { app: 'api' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'api-1',
            controller: true,
          },
        ],
      },
      spec: {
        containers: [
          {
            name: 'api',
            env: [
              {
                name: 'DB_PASSWORD',
                valueFrom: { secretKeyRef: { name: 'db', key: 'password' } },
              },
            ],
          },
        ],
      },
      status: {
        containerStatuses: [{ name: 'api', state: { running: { startedAt } } }],
      },
    });
    cluster.put(COLLECTIONS.deployments, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'orders' },
      spec: { template: { metadata: { labels: { app: 'api' } } } },
    });
    cluster.put(COLLECTIONS.replicaSets, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'api-1',
        namespace: 'orders',
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'api',
            controller: true,
          },
        ],
      },
    });

    // Step 1: a sync at t1 that heals it, the Secret written at m1, pods started at p1.
    cluster.put(COLLECTIONS.secrets, secretAt('h1', m1));
    cluster.put(COLLECTIONS.pods, podAt('api-1-a', p1));
    cluster.put(COLLECTIONS.externalSecrets(), esAt(t1, true));
    const seen = async (check: (es: any) => boolean) => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const all = await Promise.all(replicas.map(r => reportOf(r.url)));
        if (all.every(report => check(report.externalSecrets[0]))) return;
        if (Date.now() > deadline) throw new Error('the change never showed');
        await sleep(250);
      }
    };
    let healed = '';
    await seen(es => {
      healed = es.health;
      return (
        es.lastSyncTime === t1 &&
        es.secretChangedAt === m1 &&
        es.health !== 'error'
      );
    });
    await sleep(1500);

    // Step 2: the data changes (m2), ESO syncs (t2) and fails, the workload rolls out (p2).
    cluster.put(COLLECTIONS.secrets, secretAt('h2', m2));
    cluster.put(COLLECTIONS.pods, podAt('api-1-b', p2));
    cluster.remove(COLLECTIONS.pods, 'api-1-a', 'orders');
    cluster.put(COLLECTIONS.externalSecrets(), esAt(t2, false));
    await seen(
      es =>
        es.lastSyncTime === t2 &&
        es.secretChangedAt === m2 &&
        es.health === 'error',
    );
    // Let both replicas' queued history writes land.
    await sleep(2000);

    const query = 'cluster=live&namespace=orders&name=db';
    const [historyA, historyB] = await Promise.all(
      replicas.map(async r =>
        (await api(r.url, `/v1/history?${query}&limit=1000`)).json(),
      ),
    );
    const [timelineA, timelineB] = await Promise.all(
      replicas.map(async r =>
        (await api(r.url, `/v1/timeline?${query}&days=1`)).json(),
      ),
    );
    expect(historyA).toEqual(historyB);
    const comparableTimeline = (t: any) => ({
      ...t,
      from: 0,
      to: 0,
      health: 0,
    });
    expect(comparableTimeline(timelineA)).toEqual(
      comparableTimeline(timelineB),
    );

    const events: any[] = historyA.items;
    const count = (type: string, at?: string) =>
      events.filter(e => e.type === type && (!at || e.at === at)).length;
    expect(count('synced', t1)).toBe(1);
    expect(count('synced', t2)).toBe(1);
    expect(count('secret-changed', m2)).toBe(1);
    expect(count('workload-restarted', new Date(p1).toISOString())).toBe(1);
    expect(count('workload-restarted', new Date(p2).toISOString())).toBe(1);
    // → error (first test), error → healed (step 1), healed → error (step 2): each once, so
    // no two consecutive changes name the same health.
    const health = events
      .filter(e => e.type === 'health-changed')
      .map(e => e.health)
      .reverse();
    expect(health.slice(-3)).toEqual(['error', healed, 'error']);
    for (let i = 1; i < health.length; i++) {
      expect(health[i]).not.toBe(health[i - 1]);
    }
    const timelineTypes = timelineA.events.map((e: any) => `${e.type} ${e.at}`);
    expect(new Set(timelineTypes).size).toBe(timelineTypes.length);

    // And in the table itself: no event stored twice.
    const db = knexFactory({
      client: 'pg',
      connection: Object.assign(new URL(connection!), {
        pathname: `/${databasePrefix}external-secrets`,
      }).toString(),
    });
    try {
      const duplicates = await db('external_secrets_history')
        .select('type', 'at', 'detail')
        .count({ n: '*' })
        .groupBy('type', 'at', 'detail')
        .havingRaw('count(*) > 1');
      expect(duplicates).toEqual([]);
      const keyed = await db('external_secrets_history')
        .whereNotNull('event_key')
        .count({ n: '*' })
        .first();
      expect(Number(keyed?.n)).toBeGreaterThanOrEqual(6);
    } finally {
      await db.destroy();
    }
  });
});
