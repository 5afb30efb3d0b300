// Request latency: sequential page loads (ours vs the Kubernetes plugin's), the requests each
// page load sends to the clusters (from the simulated server's counters), and closed-loop
// concurrency runs with the event-loop stall they cause.
import { Answer, ErrorTally, HttpClient, LoadResult, runLoad } from './http';
import { BackendClient, SimControl } from './clients';
import { sleep } from './processes';
import { SERVICES } from './generator';
import { Summary, summarize } from './stats';

export interface Sequential {
  latency: Summary;
  errors: number;
  errorSamples: string[];
  /** Requests that reached the clusters per page load (lists, gets, discovery; watches apart). */
  clusterRequestsPerLoad: number;
  watchesPerLoad: number;
  /** The resources those requests went to, per page load (e.g. `list pods`). */
  byResource: Record<string, number>;
}

/** Rotates over the 1,000 services with a stride, so consecutive loads hit different ones. */
export const serviceIndex = (i: number) => (i * 337) % SERVICES;

export async function sequential(options: {
  sim: SimControl;
  requests: number;
  send: (k: number) => Promise<Answer>;
  /** Stop early (with fewer requests) after this long. */
  budgetMs: number;
}): Promise<Sequential> {
  const { sim } = options;
  const latencies: number[] = [];
  const errors = new ErrorTally(3);
  // Two warm-up loads (connections, caches), not counted.
  await options.send(serviceIndex(options.requests));
  await options.send(serviceIndex(options.requests + 1));
  await sim.resetCounters();
  const deadline = Date.now() + options.budgetMs;
  for (let i = 0; i < options.requests && Date.now() < deadline; i++) {
    try {
      const answer = await options.send(serviceIndex(i));
      latencies.push(answer.ms);
      errors.answer(answer);
    } catch (error) {
      errors.error(error);
    }
  }
  const counters = await sim.counters();
  const loads = Math.max(1, latencies.length);
  const byResource: Record<string, number> = {};
  for (const [key, n] of Object.entries(counters.byResource))
    if (!key.startsWith('watch ')) byResource[key] = n / loads;
  const v = counters.byVerb;
  return {
    latency: summarize(latencies),
    errors: errors.count,
    errorSamples: errors.samples(),
    clusterRequestsPerLoad:
      ((v.list ?? 0) + (v.get ?? 0) + (v.discovery ?? 0) + (v.unknown ?? 0)) /
      loads,
    watchesPerLoad: (v.watch ?? 0) / loads,
    byResource,
  };
}

export interface Concurrency extends Omit<LoadResult, 'latencies'> {
  latency: Summary;
  stallMs: number;
  gcPauseMs: number;
}

export async function concurrency(options: {
  backend: BackendClient;
  clients: number;
  seconds: number;
  send: (client: HttpClient, k: number) => Promise<Answer>;
  timeoutMs?: number;
}): Promise<Concurrency> {
  const { backend, clients } = options;
  const client = backend.loadClient(clients, options.timeoutMs);
  try {
    await backend.resetEventLoop();
    const result = await runLoad({
      clients,
      seconds: options.seconds,
      send: (c, i) => options.send(client, serviceIndex(c * 7 + i * 13)),
    });
    const stats = await backend.stats(false);
    const { latencies, ...rest } = result;
    return {
      ...rest,
      latency: summarize(latencies),
      stallMs: stats.eventLoopDelay.maxMs,
      gcPauseMs: stats.gcPause.maxMs,
    };
  } finally {
    client.close();
  }
}

/**
 * Waits until the backend is idle again: a load run ends when its clients stop waiting, not
 * when the server has finished (the Kubernetes plugin still works on requests its clients gave up
 * on after 60 s), and what it leaves would be measured by the next step. Idle means five stats
 * requests in a row answered within 20 ms. Resolves with how long that took.
 */
export async function settle(
  backend: BackendClient,
  timeoutMs = 180_000,
): Promise<number> {
  const started = Date.now();
  let quiet = 0;
  while (quiet < 5 && Date.now() - started < timeoutMs) {
    const sent = Date.now();
    await backend.stats(false);
    quiet = Date.now() - sent <= 20 ? quiet + 1 : 0;
    await sleep(100);
  }
  return Date.now() - started;
}

export interface OverviewTiming {
  query: string;
  latency: Summary;
  total: number;
  errors: number;
}

export async function overviewTimings(
  backend: BackendClient,
  queries: string[],
  requests: number,
): Promise<OverviewTiming[]> {
  const results: OverviewTiming[] = [];
  for (const query of queries) {
    const latencies: number[] = [];
    let errors = 0;
    let total = NaN;
    await backend.overview(query); // warm-up
    for (let i = 0; i < requests; i++) {
      const answer = await backend.overview(query);
      latencies.push(answer.ms);
      if (answer.status !== 200) errors++;
      else if (i === 0) total = JSON.parse(answer.body).services.total;
    }
    results.push({ query, latency: summarize(latencies), total, errors });
  }
  return results;
}
