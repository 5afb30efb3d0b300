// The history timeline of docs/history.md on SQLite (a file, better-sqlite3 as the plugin uses)
// and on PostgreSQL: one ExternalSecret with a one-minute refresh interval for 30 days (43,200
// `synced` events) plus a handful of other events, among 50 other ExternalSecrets synced hourly
// (36,000 rows the query must skip through its index). Measured: the insert through
// HistoryStore.addEvents, then GET /v1/timeline's work, i.e. the service's getTimeline (events
// but `synced`, syncs counted per hour by SQL, health changes) serialised to JSON; beside the
// naive approach in the same run: every event row of that ExternalSecret in the window, selected
// with knex from the same table and serialised. PostgreSQL is skipped without
// BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING (scripts/start-postgres.sh).
//
//   . scripts/toolchain.sh && eval "$(bash scripts/start-postgres.sh)" &&
//   node -r @backstage/cli-node/config/nodeTransform.cjs bench/history-timeline.ts [days] [runs]
//
// `days` of data (default 30; 1 for a smoke run), `runs` timed queries after 2 warm-ups (20).
import { DatabaseService } from '@backstage/backend-plugin-api';
import { HistoryEvent } from '@eso-health/plugin-external-secrets-common';
import knexFactory, { Knex } from 'knex';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  HistoryStore,
  StoredEvent,
} from '../plugins/external-secrets-backend/src/history/HistoryStore';
import {
  DefaultExternalSecretsService,
  DefaultExternalSecretsServiceOptions,
} from '../plugins/external-secrets-backend/src/service/DefaultExternalSecretsService';
import { toIso } from '../plugins/external-secrets-backend/src/database/toIso';
import { fmtInt, fmtMs, percentile, ratio } from './fleet/stats';
import { silentLogger } from './shared';

/** Fixed, so every run stores and asks for the same window. */
const NOW = new Date('2026-12-01T00:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WINDOW_DAYS = 30;
const NOISE = 50;
const WARMUPS = 2;
const TARGET = { cluster: 'prod', namespace: 'shop', name: 'db-credentials' };

/** The events of one simulated hour [start, start + 1 h), all ExternalSecrets. */
function hourOfEvents(start: number): StoredEvent[] {
  const events: StoredEvent[] = [];
  const at = (t: number) => new Date(t).toISOString();
  // The target: one sync a minute, at :30 s so that none sits on the window's edges.
  for (let t = start + 30_000; t < start + HOUR; t += MINUTE) {
    events.push({
      ...TARGET,
      type: 'synced',
      at: at(t),
      key: at(t),
      detail: 'ESO synced from the provider',
    });
  }
  // A realistic handful, at fixed offsets from the end of the data.
  const day = Math.floor((NOW.getTime() - start - 1) / DAY);
  const hourOfDay = new Date(start).getUTCHours();
  if (day % 5 === 2 && hourOfDay === 9) {
    const changed = start + 12 * MINUTE;
    events.push({
      ...TARGET,
      type: 'provider-changed',
      at: at(changed),
      key: `prod/shop/db@${at(changed)}`,
      detail: 'prod/shop/db: version 7 → 8 in Vault',
    });
    events.push({
      ...TARGET,
      type: 'secret-changed',
      at: at(changed + MINUTE + 30_000),
      key: at(changed + MINUTE + 30_000),
      detail: 'target Secret db-credentials got new data',
    });
    for (const workload of ['api', 'worker']) {
      const started = changed + 25 * MINUTE;
      events.push({
        ...TARGET,
        type: 'workload-restarted',
        at: at(started),
        key: `Deployment/${workload}@${at(started)}`,
        detail: `Deployment ${workload} restarted: its 2 containers read the new data`,
      });
    }
  }
  if (day % 7 === 3 && hourOfDay === 14) {
    for (const [offset, health] of [
      [5, 'warning'],
      [47, 'healthy'],
    ] as const) {
      events.push({
        ...TARGET,
        type: 'health-changed',
        at: at(start + offset * MINUTE),
        health,
        detail:
          health === 'warning'
            ? 'healthy → warning (provider-ahead)'
            : 'warning → healthy',
      });
    }
  }
  if (day % 10 === 4 && hourOfDay === 11) {
    events.push({
      ...TARGET,
      type: 'sync-requested',
      at: at(start + 20 * MINUTE),
      actor: 'user:default/alice',
      detail: 'sync requested',
    });
  }
  // The noise: 50 other ExternalSecrets of the same cluster and namespace, synced hourly.
  for (let i = 0; i < NOISE; i++) {
    const t = start + (i + 1) * 1000;
    events.push({
      ...TARGET,
      name: `app-${String(i).padStart(2, '0')}`,
      type: 'synced',
      at: at(t),
      key: at(t),
      detail: 'ESO synced from the provider',
    });
  }
  return events;
}

interface Timing {
  median: number;
  p95: number;
  bytes: number;
}

async function time(
  runs: number,
  fn: () => Promise<string>,
): Promise<Timing & { json: string }> {
  for (let i = 0; i < WARMUPS; i++) await fn();
  const ms: number[] = [];
  let json = '';
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    json = await fn();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return {
    median: percentile(ms, 50),
    p95: percentile(ms, 95),
    bytes: json.length,
    json,
  };
}

async function measure(label: string, knex: Knex, days: number, runs: number) {
  const database: DatabaseService = {
    getClient: async () => knex,
    migrations: { skip: false },
  };
  const store = await HistoryStore.create(database);

  // One addEvents call per simulated hour: the ChangeTracker calls it per observation (every
  // minute at this refresh interval), so its real batches are smaller than these.
  const dataStart = NOW.getTime() - days * DAY;
  // One health change before the window: the state the window opens in.
  const events: StoredEvent[] = [
    {
      ...TARGET,
      type: 'health-changed',
      at: new Date(NOW.getTime() - (WINDOW_DAYS + 2) * DAY).toISOString(),
      health: 'healthy',
      detail: 'first seen',
    },
  ];
  await store.addEvents(events);
  let stored = events.length;
  let calls = 1;
  process.stderr.write(`[bench] ${label}: inserting ${days} days…\n`);
  const insertStarted = performance.now();
  for (let start = dataStart; start < NOW.getTime(); start += HOUR) {
    const hour = hourOfEvents(start);
    await store.addEvents(hour);
    stored += hour.length;
    calls++;
  }
  const insertMs = performance.now() - insertStarted;
  const counted = await knex('external_secrets_history').count({ n: '*' });
  if (Number(counted[0].n) !== stored)
    throw new Error(`${label}: stored ${counted[0].n} of ${stored} events`);

  const service = new DefaultExternalSecretsService({
    history: store,
    clock: () => NOW,
    // The ExternalSecret is in the index (as on the card); only its health is read.
    index: { find: () => ({ status: { health: 'healthy' } }) },
    logger: silentLogger,
  } as unknown as DefaultExternalSecretsServiceOptions);
  process.stderr.write(`[bench] ${label}: timeline…\n`);
  const timeline = await time(runs, async () =>
    JSON.stringify(await service.getTimeline({ ...TARGET, days: WINDOW_DAYS })),
  );
  const response = JSON.parse(timeline.json);

  const from = new Date(NOW.getTime() - WINDOW_DAYS * DAY);
  process.stderr.write(`[bench] ${label}: naive…\n`);
  const naive = await time(runs, async () => {
    const rows = await knex('external_secrets_history')
      .where(TARGET)
      .where('at', '>=', from)
      .where('at', '<=', NOW)
      .orderBy([
        { column: 'at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .select('cluster', 'namespace', 'name', 'type', 'at', 'detail')
      .select('health', 'actor');
    const items: HistoryEvent[] = rows.map(({ at, health, actor, ...row }) => ({
      ...row,
      at: toIso(at)!,
      ...(health ? { health } : {}),
      ...(actor ? { actor } : {}),
    }));
    return JSON.stringify({ items });
  });
  const naiveRows = JSON.parse(naive.json).items.length;

  const syncs = response.syncs.buckets.reduce(
    (sum: number, b: { count: number }) => sum + b.count,
    0,
  );
  if (syncs + response.events.length !== naiveRows)
    throw new Error(
      `${label}: timeline has ${syncs} syncs + ${response.events.length} events, the rows ${naiveRows}`,
    );
  return {
    label,
    stored,
    calls,
    insertMs,
    timeline,
    buckets: response.syncs.buckets.length,
    syncs,
    events: response.events.length,
    health: response.health.length,
    naive,
    naiveRows,
  };
}

async function onSqlite(days: number, runs: number) {
  const dir = await mkdtemp(join(tmpdir(), 'eso-bench-history-'));
  // As Backstage's SQLite connector opens a file database.
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'external-secrets.sqlite') },
    useNullAsDefault: true,
  });
  try {
    return await measure('SQLite', knex, days, runs);
  } finally {
    await knex.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

async function onPostgres(connection: string, days: number, runs: number) {
  const name = `eso_bench_history_${process.pid}_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection });
  await admin.raw('create database ??', [name]);
  const url = new URL(connection);
  url.pathname = `/${name}`;
  const knex = knexFactory({ client: 'pg', connection: url.toString() });
  try {
    const version = await knex.raw('show server_version');
    return await measure(
      `PostgreSQL ${String(version.rows[0].server_version).split(' ')[0]}`,
      knex,
      days,
      runs,
    );
  } finally {
    await knex.destroy();
    await admin.raw('drop database if exists ??', [name]);
    await admin.destroy();
  }
}

async function main() {
  const days = Number(process.argv[2] ?? WINDOW_DAYS);
  const runs = Number(process.argv[3] ?? 20);
  const results = [await onSqlite(days, runs)];
  const postgres = Object.entries(process.env).find(([key]) =>
    /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(key),
  )?.[1];
  if (postgres) results.push(await onPostgres(postgres, days, runs));
  else
    process.stderr.write(
      '[bench] PostgreSQL skipped: no BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING\n',
    );

  console.log(
    `${days} days of data, ${NOW.toISOString()}; timings over ${runs} runs after ${WARMUPS} warm-ups, each including JSON.stringify`,
  );
  console.log();
  console.log(
    '| database | rows stored | insert (addEvents calls) | query | median | p95 | response | contents |',
  );
  console.log('|---|---:|---:|---|---:|---:|---:|---|');
  for (const r of results) {
    console.log(
      `| ${r.label} | ${fmtInt(r.stored)} | ${fmtMs(r.insertMs)} (${fmtInt(
        r.calls,
      )}) | getTimeline | ${fmtMs(r.timeline.median)} | ${fmtMs(
        r.timeline.p95,
      )} | ${fmtInt(r.timeline.bytes)} B | ${fmtInt(
        r.buckets,
      )} hourly buckets (${fmtInt(r.syncs)} syncs), ${r.events} events, ${
        r.health
      } health segments |`,
    );
    console.log(
      `| | | | naive: every row | ${fmtMs(r.naive.median)} (${ratio(
        r.timeline.median,
        r.naive.median,
      )}) | ${fmtMs(r.naive.p95)} | ${fmtInt(r.naive.bytes)} B (${ratio(
        r.timeline.bytes,
        r.naive.bytes,
      )}) | ${fmtInt(r.naiveRows)} rows |`,
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
