// Cold start: from the backend's process start to every cluster `ok` and the overview counting
// every ExternalSecret. The simulated clusters are held back until the backend answers its
// readiness probe, so the backend's memory can be read before any cluster object arrives
// (the held requests are answered as soon as they are released, well within their timeout).
import { BackendClient, BackendStats, SimControl } from './clients';
import { Child, sleep, waitFor } from './processes';

export interface ColdStart {
  /** ms from process start to the readiness probe answering 200. */
  readyMs: number;
  /** ms from process start to the clusters being released. */
  releasedMs: number;
  /** ms from process start to the first overview showing a cluster `loading`. */
  firstLoadingMs?: number;
  /** ms from process start to every cluster `ok` and every ExternalSecret counted. */
  loadedMs: number;
  /** The same, from the release of the clusters. */
  loadedFromReleaseMs: number;
  /** ms from process start to the overview listing every catalog service. */
  catalogMs?: number;
  before: BackendStats;
  after: BackendStats;
  /** Longest event-loop stall between the release and "loaded". */
  stallMs: number;
  /** Longest garbage-collection pause in the same window. */
  gcPauseMs: number;
  /** CPU time the backend spent between the release and "loaded" (one core at most per ms). */
  loadCpuMs: number;
  /** Overview polls made, and how many failed. */
  polls: number;
  pollErrors: number;
  /** Cluster errors the overview showed while loading (first of each). */
  clusterErrors: string[];
  /** Every cluster `ok` in a report's clusters[] afterwards. */
  reportClustersOk: boolean;
}

export async function measureColdStart(options: {
  backend: BackendClient;
  child: Child;
  sim: SimControl;
  clusters: number;
  expectedExternalSecrets: number;
  services: number;
  timeoutMs: number;
}): Promise<ColdStart> {
  const { backend, child, sim } = options;
  const since = (t: number) => t - child.startedAt;
  await waitFor(
    'backend readiness',
    async () => ((await backend.ready()) ? true : undefined),
    {
      timeoutMs: 300_000,
      intervalMs: 100,
      child,
    },
  );
  const readyMs = since(Date.now());
  const before = await backend.stats(true);
  await backend.resetEventLoop();
  await sim.hold(false);
  const releasedAt = Date.now();

  let firstLoadingMs: number | undefined;
  let catalogMs: number | undefined;
  let polls = 0;
  let pollErrors = 0;
  const clusterErrors = new Map<string, string>();
  const deadline = releasedAt + options.timeoutMs;
  let lastState = 'no answer yet';
  let loadedAt: number | undefined;
  let stallMs = NaN;
  let gcPauseMs = NaN;
  let loadCpuMs = NaN;
  while (Date.now() < deadline) {
    polls++;
    const polledAt = Date.now();
    try {
      const overview = await backend.overviewJson('offset=0&limit=1');
      const states = overview.clusters;
      if (
        firstLoadingMs === undefined &&
        states.some(c => c.status === 'loading')
      )
        firstLoadingMs = since(polledAt);
      for (const c of states)
        if (c.status === 'error' && !clusterErrors.has(c.name))
          clusterErrors.set(c.name, c.error ?? '');
      const counted = Object.values(overview.totals.externalSecrets).reduce(
        (a, b) => a + b,
        0,
      );
      if (
        catalogMs === undefined &&
        overview.services.total >= options.services
      )
        catalogMs = since(Date.now());
      const ok = states.filter(c => c.status === 'ok').length;
      lastState = `${ok}/${states.length} clusters ok, ${counted}/${options.expectedExternalSecrets} ExternalSecrets, ${overview.services.total} services`;
      if (
        loadedAt === undefined &&
        states.length === options.clusters &&
        ok === options.clusters &&
        counted === options.expectedExternalSecrets
      ) {
        loadedAt = Date.now();
        const stats = await backend.stats(false);
        stallMs = stats.eventLoopDelay.maxMs;
        gcPauseMs = stats.gcPause.maxMs;
        loadCpuMs = stats.cpuMs - before.cpuMs;
      }
      if (loadedAt !== undefined && catalogMs !== undefined) break;
    } catch (error) {
      pollErrors++;
      lastState = `overview failed: ${error}`;
    }
    if (child.process.exitCode !== null)
      throw new Error(
        `backend exited during the cold start; see ${child.logPath}`,
      );
    await sleep(Math.max(0, 200 - (Date.now() - polledAt)));
  }
  if (loadedAt === undefined)
    throw new Error(
      `cold start not complete after ${
        options.timeoutMs / 1000
      } s: ${lastState}`,
    );
  if (catalogMs === undefined)
    throw new Error(
      `the catalog never listed ${options.services} services: ${lastState}`,
    );
  const report = await backend.reportJson('svc-7');
  // Let the load's garbage go before reading memory.
  await sleep(2000);
  const after = await backend.stats(true);
  return {
    readyMs,
    releasedMs: since(releasedAt),
    firstLoadingMs,
    loadedMs: since(loadedAt),
    loadedFromReleaseMs: loadedAt - releasedAt,
    catalogMs,
    before,
    after,
    stallMs,
    gcPauseMs,
    loadCpuMs,
    polls,
    pollErrors,
    clusterErrors: [...clusterErrors].map(
      ([name, error]) => `${name}: ${error}`,
    ),
    reportClustersOk:
      report.clusters.length === options.clusters &&
      report.clusters.every(c => c.status === 'ok'),
  };
}
