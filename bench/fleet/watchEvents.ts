// Watch event → visible in our report. ESO writes new data into a Secret whose readers take it
// through envFrom (the simulated server sends the Secret's MODIFIED on the open watch); the
// pods started long before, so the report must show a `stale-env` finding on that
// ExternalSecret. Measured from the moment the event left the server to the first report poll
// (every 20 ms) that shows the finding.
import { BackendClient, SimControl } from './clients';
import { clusterName } from './config';
import { identity } from './generator';
import { sleep } from './processes';
import { median } from './stats';

export interface WatchLatency {
  samples: number[];
  medianMs: number;
  maxMs: number;
  timeouts: number;
}

/** ExternalSecrets whose pods read through envFrom and that start clean. */
function candidates(perCluster: number, wanted: number): number[] {
  const out: number[] = [];
  for (let n = 0; out.length < wanted && n < perCluster; n++) {
    const j = (n * 7919 + 2) % perCluster;
    const id = identity(j);
    if (
      id.readsVia === 'envFrom' &&
      !id.failing &&
      !id.staleBaseline &&
      !out.includes(j)
    )
      out.push(j);
  }
  return out;
}

export async function measureWatchLatency(options: {
  backend: BackendClient;
  sim: SimControl;
  clusters: number;
  perCluster: number;
  events: number;
  timeoutMs?: number;
}): Promise<WatchLatency> {
  const { backend, sim } = options;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const samples: number[] = [];
  let timeouts = 0;
  const indexes = candidates(options.perCluster, options.events);
  for (let e = 0; e < indexes.length; e++) {
    const j = indexes[e];
    const cluster = (e * 3) % options.clusters;
    const id = identity(j);
    const { ms: sentAt } = await sim.change(cluster, 'secret-data', j);
    let seenAt: number | undefined;
    while (Date.now() - sentAt < timeoutMs) {
      const report = await backend.reportJson(id.service);
      const status = report.externalSecrets.find(
        s =>
          s.cluster === clusterName(cluster) &&
          s.namespace === id.namespace &&
          s.name === id.name,
      );
      if (status?.findings.some(f => f.rule === 'stale-env')) {
        seenAt = Date.now();
        break;
      }
      await sleep(20);
    }
    if (seenAt === undefined) timeouts++;
    else samples.push(seenAt - sentAt);
    await sleep(200);
  }
  return {
    samples,
    medianMs: median(samples),
    maxMs: samples.length ? Math.max(...samples) : NaN,
    timeouts,
  };
}
