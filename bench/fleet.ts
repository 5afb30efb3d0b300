// The fleet benchmark: a simulated fleet of Kubernetes clusters (bench/fleet/simulatedApiServer.ts)
// watched by a real Backstage backend (bench/fleet/fleetBackend.ts) with the External Secrets
// plugin and, beside it, the Backstage Kubernetes plugin for comparison. For each fleet size it
// measures cold start, memory, report latency (sequential and concurrent, ours vs the Kubernetes
// plugin's page load), watch event → report, event-loop stalls, evaluation cost per event, the
// overview, and the overview's first render in Chromium; then prints one Markdown table per size
// and a growth table, and writes them to --out.
//
//   . scripts/toolchain.sh && node -r @backstage/cli-node/config/nodeTransform.cjs bench/fleet.ts \
//     [--sizes 5000,50000,100000] [--clusters 20] [--concurrency-seconds 30] [--skip-browser]
//     [--browser] [--skip-theirs] [--database postgres|sqlite] [--out <file>]
//
// The backend's database is PostgreSQL as in production (scripts/start-postgres.sh, Debian's
// server on loopback), unless --database sqlite.
//
// Smoke run (about two minutes): --sizes 500 --clusters 2 --concurrency-seconds 3 --skip-browser
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureFirstRender, startFrontend } from './fleet/browser';
import { BackendClient, SimControl } from './fleet/clients';
import { measureColdStart } from './fleet/coldStart';
import { writeBackendConfig } from './fleet/config';
import { measureEvaluation } from './fleet/evaluationTime';
import { objectsPerCluster, SERVICES } from './fleet/generator';
import {
  concurrency,
  overviewTimings,
  sequential,
  settle,
} from './fleet/loadTests';
import {
  Child,
  freePort,
  killAll,
  sleep,
  spawnLogged,
  waitFor,
} from './fleet/processes';
import { growthTable, SizeResult, sizeTable } from './fleet/results';
import { fmtMs } from './fleet/stats';
import { measureWatchLatency } from './fleet/watchEvents';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '5000,50000,100000' },
    clusters: { type: 'string', default: '20' },
    'concurrency-seconds': { type: 'string', default: '30' },
    requests: { type: 'string', default: '300' },
    'skip-browser': { type: 'boolean', default: false },
    browser: { type: 'boolean', default: false },
    'skip-theirs': { type: 'boolean', default: false },
    // A CPU profile of the backend over the at-rest window, summarised in the results.
    profile: { type: 'boolean', default: false },
    'concurrency-latency-ms': { type: 'string', default: '20' },
    database: { type: 'string', default: 'postgres' },
    out: { type: 'string' },
  },
});

const CLUSTERS = Number(args.clusters);
const SIZES = args.sizes!.split(',').map(Number);
const LOAD_SECONDS = Number(args['concurrency-seconds']);
const REQUESTS = Number(args.requests);
const LOAD_LATENCY = Number(args['concurrency-latency-ms']);
const RUN_DIR = mkdtempSync(join(tmpdir(), 'fleet-bench-'));
const OUT = args.out ?? join(RUN_DIR, 'fleet-results.md');
if (!['postgres', 'sqlite'].includes(args.database!))
  throw new Error(
    `--database must be postgres or sqlite, not ${args.database}`,
  );
const NODE_TRANSFORM = require.resolve(
  '@backstage/cli-node/config/nodeTransform.cjs',
);

/** Starts (or finds) the repository's PostgreSQL and returns its connection string. */
function startPostgres(): string | undefined {
  if (args.database !== 'postgres') return undefined;
  const exports = execFileSync(
    'bash',
    [join(__dirname, '..', 'scripts', 'start-postgres.sh')],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const match = /CONNECTION_STRING=(\S+)/.exec(exports);
  if (!match) throw new Error(`start-postgres.sh printed no connection string`);
  return match[1];
}
const POSTGRES = startPostgres();

function log(message: string) {
  console.error(`[fleet ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** Runs one measurement step; a failure is recorded as a problem and the run goes on. */
async function step<T>(
  result: SizeResult,
  name: string,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  const started = Date.now();
  log(`${name}…`);
  try {
    const value = await fn();
    log(`${name}: done in ${fmtMs(Date.now() - started)}`);
    return value;
  } catch (error) {
    const message = `${name}: ${String((error as Error)?.stack ?? error)
      .split('\n')
      .slice(0, 3)
      .join(' ')}`;
    log(`FAILED ${message}`);
    result.problems.push(message);
    return undefined;
  }
}

async function startSimulatedServer(dir: string, perCluster: number) {
  const child = spawnLogged({
    name: 'simulated API server',
    command: process.execPath,
    args: [
      '-r',
      NODE_TRANSFORM,
      join(__dirname, 'fleet', 'simulatedApiServer.ts'),
      '--clusters',
      String(CLUSTERS),
      '--external-secrets',
      String(perCluster),
    ],
    logPath: join(dir, 'simulated-api-server.log'),
  });
  let port: number | undefined;
  child.onLine(line => {
    if (line.startsWith('{"event":"listening"')) port = JSON.parse(line).port;
  });
  await waitFor('the simulated server to listen', async () => port, {
    timeoutMs: 60_000,
    child,
  });
  const sim = new SimControl(port!);
  const status = await waitFor(
    'the simulated clusters to be generated',
    async () => {
      const s = await sim.status();
      return s.ready ? s : undefined;
    },
    { timeoutMs: 600_000, intervalMs: 500, child },
  );
  log(
    `simulated server on port ${port}: ${JSON.stringify(
      status.objectsPerCluster,
    )} per cluster, RSS ${Math.round(status.memory.rss / 1e6)} MB`,
  );
  return { child, sim, port: port! };
}

function startBackend(dir: string, config: string, withAuth: boolean): Child {
  return spawnLogged({
    name: 'backend',
    command: process.execPath,
    args: [
      '--expose-gc',
      '-r',
      NODE_TRANSFORM,
      join(__dirname, 'fleet', 'fleetBackend.ts'),
      '--config',
      config,
    ],
    // Inside the repository: the backend looks for its package.json upwards from its cwd.
    cwd: join(__dirname, '..'),
    env: {
      ...process.env,
      FLEET_BACKEND_AUTH: withAuth ? '1' : '0',
      NODE_ENV: 'production',
    },
    logPath: join(dir, 'backend.log'),
  });
}

async function runSize(perCluster: number): Promise<SizeResult> {
  const startedAt = Date.now();
  const externalSecrets = perCluster * CLUSTERS;
  const dir = mkdtempSync(join(RUN_DIR, `${externalSecrets}-`));
  const result: SizeResult = {
    clusters: CLUSTERS,
    perCluster,
    externalSecrets,
    trackedObjects: objectsPerCluster(perCluster).total * CLUSTERS,
    sequential: {},
    concurrency: {},
    problems: [],
    logs: {
      sim: join(dir, 'simulated-api-server.log'),
      backend: join(dir, 'backend.log'),
    },
  };
  log(
    `=== ${externalSecrets} ExternalSecrets (${CLUSTERS} × ${perCluster}); logs in ${dir}`,
  );

  // 7. In this process, before the children start: nothing else competes for the CPU.
  result.evaluation = await step(
    result,
    'evaluation time per event',
    async () => measureEvaluation(perCluster),
  );

  const browserWanted =
    !args['skip-browser'] && (args.browser || externalSecrets === 50_000);
  const children: Child[] = [];
  try {
    const {
      child: simChild,
      sim,
      port: simPort,
    } = await startSimulatedServer(dir, perCluster);
    children.push(simChild);
    const backendPort = await freePort();
    const appPort = browserWanted ? await freePort() : undefined;
    const token = randomBytes(24).toString('base64url');
    const config = writeBackendConfig({
      dir,
      postgres: POSTGRES,
      backendPort,
      simPort,
      clusters: CLUSTERS,
      token,
      appOrigin: appPort ? `http://127.0.0.1:${appPort}` : undefined,
    });
    const backend = new BackendClient(`http://127.0.0.1:${backendPort}`, token);

    // 1, 2, 6: hold the clusters back until the backend is ready, read its memory, release.
    await sim.hold(true);
    const backendChild = startBackend(dir, config, browserWanted);
    children.push(backendChild);
    const cold = await step(result, 'cold start', () =>
      measureColdStart({
        backend,
        child: backendChild,
        sim,
        clusters: CLUSTERS,
        expectedExternalSecrets: externalSecrets,
        services: SERVICES,
        timeoutMs: 15 * 60_000,
      }),
    );
    if (!cold) return result;
    result.coldStart = cold;

    const rest = await step(
      result,
      'event-loop stall at rest (35 s, one periodic evaluation)',
      async () => {
        // Starting the profiler stalls the loop itself (over a second at 50k): before the window.
        if (args.profile) await backend.startProfile();
        await backend.resetEventLoop();
        await sleep(35_000);
        const stats = await backend.stats(false);
        if (args.profile) result.restProfile = await backend.stopProfile();
        // When they ended, to match with the backend's log.
        if (stats.stalls.length)
          log(`stalls over 50 ms at rest: ${JSON.stringify(stats.stalls)}`);
        return stats;
      },
    );
    result.restStallMs = rest?.eventLoopDelay.maxMs;
    result.restGcPauseMs = rest?.gcPause.maxMs;

    // 3. Sequential page loads at 0 and 20 ms of API latency.
    for (const latency of [0, 20]) {
      await sim.latency(latency);
      result.sequential[`ours@${latency}`] = await step(
        result,
        `ours sequential @${latency} ms`,
        () =>
          sequential({
            sim,
            requests: REQUESTS,
            budgetMs: 120_000,
            send: k => backend.report(`svc-${k}`),
          }),
      );
      if (!args['skip-theirs'])
        result.sequential[`theirs@${latency}`] = await step(
          result,
          `theirs sequential @${latency} ms`,
          () =>
            sequential({
              sim,
              requests: REQUESTS,
              budgetMs: 600_000,
              send: k => backend.theirs(k),
            }),
        );
    }

    // 4, 6. Concurrency (distant clusters: their page load waits for them, ours does not).
    await sim.latency(LOAD_LATENCY);
    for (const clients of [50, 200]) {
      const profile = args.profile && clients === 50;
      if (profile) await backend.startProfile();
      result.concurrency[`ours@${clients}`] = await step(
        result,
        `ours ${clients} clients`,
        () =>
          concurrency({
            backend,
            clients,
            seconds: LOAD_SECONDS,
            send: (c, k) => backend.report(`svc-${k}`, c),
          }),
      );
      if (profile) result.loadProfile = await backend.stopProfile();
      if (!args['skip-theirs']) {
        result.concurrency[`theirs@${clients}`] = await step(
          result,
          `theirs ${clients} clients`,
          () =>
            concurrency({
              backend,
              clients,
              seconds: LOAD_SECONDS,
              timeoutMs: 60_000,
              send: (c, k) => backend.theirs(k, c),
            }),
        );
        log(`backend idle again after ${fmtMs(await settle(backend))}`);
      }
    }
    // The same 200 clients on an authenticated no-op route: the ceiling of the HTTP stack.
    result.concurrency['noop@200'] = await step(
      result,
      'no-op route 200 clients',
      () =>
        concurrency({
          backend,
          clients: 200,
          seconds: LOAD_SECONDS,
          send: c => backend.noop(c),
        }),
    );
    await sim.latency(0);

    // 5. Watch event → report.
    result.watch = await step(result, 'watch event → report', () =>
      measureWatchLatency({
        backend,
        sim,
        clusters: CLUSTERS,
        perCluster,
        events: 10,
      }),
    );

    // 8. Overview pages.
    result.overview = await step(result, 'overview', () =>
      overviewTimings(
        backend,
        [
          'offset=0&limit=50',
          'health=error&offset=0&limit=50',
          'q=svc-12&offset=0&limit=50',
        ],
        50,
      ),
    );

    result.unknownPaths = (await sim.counters()).unknownPaths;

    // 9. The overview's first render in Chromium.
    if (browserWanted) {
      result.logs.frontend = join(dir, 'frontend.log');
      const timing = await step(
        result,
        'overview first render in Chromium',
        async () => {
          const frontend = await startFrontend({
            dir,
            appPort: appPort!,
            backendPort,
            timeoutMs: 15 * 60_000,
          });
          children.push(frontend.child);
          log(
            `frontend dev server answered after ${fmtMs(frontend.devServerMs)}`,
          );
          const render = await measureFirstRender({
            url: frontend.url,
            reloads: 5,
          });
          return { ...render, devServerMs: frontend.devServerMs };
        },
      );
      result.browser = timing ?? {
        skipped: `the measurement failed (see problems; log ${result.logs.frontend})`,
      };
    } else {
      result.browser = {
        skipped: args['skip-browser']
          ? '--skip-browser'
          : 'measured on the 50k fleet only (--browser for every size)',
      };
    }
  } catch (error) {
    result.problems.push(
      String((error as Error)?.stack ?? error)
        .split('\n')
        .slice(0, 3)
        .join(' '),
    );
    log(`FAILED ${error}`);
  } finally {
    for (const child of children.reverse()) await child.stop();
    result.wallMs = Date.now() - startedAt;
  }
  return result;
}

async function main() {
  log(`run directory ${RUN_DIR}; results will be written to ${OUT}`);
  const results: SizeResult[] = [];
  const sections: string[] = [];
  const write = () => {
    const text = [
      `## Fleet benchmark, ${new Date().toISOString()}`,
      '',
      `Clusters: ${CLUSTERS}; sizes: ${SIZES.join(
        ', ',
      )}; sequential requests ${REQUESTS}; concurrency ${LOAD_SECONDS} s at API latency ${LOAD_LATENCY} ms; machine: ${
        require('node:os').cpus().length
      } cores; backend database: ${args.database}.`,
      '',
      ...sections,
      results.length > 1 ? growthTable(results) : '',
    ].join('\n');
    writeFileSync(OUT, `${text}\n`);
    writeFileSync(
      `${OUT.replace(/\.md$/, '')}.json`,
      JSON.stringify(results, null, 2),
    );
    return text;
  };
  for (const size of SIZES) {
    const perCluster = Math.round(size / CLUSTERS);
    const result = await runSize(perCluster);
    results.push(result);
    const table = sizeTable(result);
    sections.push(table, '');
    console.log(`\n${table}\n`);
    write();
  }
  if (results.length > 1) console.log(`\n${growthTable(results)}\n`);
  write();
  console.log(`results: ${OUT}\nlogs: ${RUN_DIR}`);
}

main()
  .catch(error => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    killAll();
    // Agents and timers must not keep the driver alive once everything is printed.
    setTimeout(() => process.exit(), 500).unref();
  });
