// What one fleet size measured, and the Markdown tables printed from it: one table per size
// (ours, theirs, ratio, target) and one growth table across sizes.
import type { ColdStart } from './coldStart';
import type { EvaluationTiming } from './evaluationTime';
import type { Concurrency, OverviewTiming, Sequential } from './loadTests';
import type { WatchLatency } from './watchEvents';
import type { BrowserTiming } from './browser';
import type { ProfileSummary } from './cpuProfile';
import { fmtBytes, fmtInt, fmtMs, ratio } from './stats';

export interface SizeResult {
  clusters: number;
  perCluster: number;
  externalSecrets: number;
  /** Objects the backend tracks (ES, Secrets, Deployments, ReplicaSets, Pods, stores, events). */
  trackedObjects: number;
  /** Wall time of this size's whole run. */
  wallMs?: number;
  evaluation?: EvaluationTiming;
  coldStart?: ColdStart;
  restStallMs?: number;
  restGcPauseMs?: number;
  /** With --profile: where the backend's main thread spent the at-rest window. */
  restProfile?: ProfileSummary;
  /** With --profile: the same over the 50-client run on our report. */
  loadProfile?: ProfileSummary;
  sequential: Record<string, Sequential | undefined>;
  concurrency: Record<string, Concurrency | undefined>;
  watch?: WatchLatency;
  overview?: OverviewTiming[];
  browser?: BrowserTiming | { skipped: string };
  /** Problems seen during the run (measurement steps that failed, with their error). */
  problems: string[];
  /** Paths the simulated server did not know, with their counts. */
  unknownPaths?: Record<string, number>;
  logs: { sim: string; backend: string; frontend?: string };
}

type Cell = string;
interface Row {
  what: string;
  ours: Cell;
  theirs?: Cell;
  ratio?: Cell;
  target?: Cell;
  met?: boolean;
}

const yes = (ok: boolean | undefined) =>
  ok === undefined ? '' : ok ? '✅' : '❌';

function pcts(s: Sequential['latency'] | undefined) {
  return s ? `${fmtMs(s.p50)} / ${fmtMs(s.p90)} / ${fmtMs(s.p99)}` : 'n/a';
}

function seqRows(r: SizeResult, latency: number): Row[] {
  const ours = r.sequential[`ours@${latency}`];
  const theirs = r.sequential[`theirs@${latency}`];
  const rows: Row[] = [
    {
      what: `report p50 / p90 / p99, sequential, API latency ${latency} ms (${
        ours?.latency.n ?? 0
      } / ${theirs?.latency.n ?? 0} requests)`,
      ours:
        pcts(ours?.latency) + (ours?.errors ? ` (${ours.errors} errors)` : ''),
      theirs: theirs
        ? pcts(theirs.latency) +
          (theirs.errors ? ` (${theirs.errors} errors)` : '')
        : 'skipped',
      ratio: `p50 ${ratio(ours?.latency.p50, theirs?.latency.p50)}, p99 ${ratio(
        ours?.latency.p99,
        theirs?.latency.p99,
      )}`,
      target: 'p50 ≤ 2 ms, p99 ≤ 10 ms',
      met: ours
        ? ours.latency.p50 <= 2 && ours.latency.p99 <= 10 && ours.errors === 0
        : undefined,
    },
    {
      what: `cluster requests per page load (latency ${latency} ms)`,
      ours: ours ? `${ours.clusterRequestsPerLoad.toFixed(2)}` : 'n/a',
      theirs: theirs
        ? `${theirs.clusterRequestsPerLoad.toFixed(1)}`
        : 'skipped',
      target: 'ours 0',
      met: ours ? ours.clusterRequestsPerLoad === 0 : undefined,
    },
  ];
  return rows;
}

function loadCell(c: Concurrency | undefined): string {
  if (!c) return 'n/a';
  return `${fmtInt(c.throughput)} req/s, p50 ${fmtMs(
    c.latency.p50,
  )}, p99 ${fmtMs(c.latency.p99)}, ${c.errors} errors`;
}

export function sizeTable(r: SizeResult): string {
  const c = r.coldStart;
  const rows: Row[] = [];
  if (c) {
    rows.push(
      {
        what: 'cold start: process start → ready / clusters released / first `loading`',
        ours: `${fmtMs(c.readyMs)} / ${fmtMs(c.releasedMs)} / ${fmtMs(
          c.firstLoadingMs,
        )}`,
      },
      {
        what: 'cold start: process start → every cluster `ok`, all ExternalSecrets counted',
        ours: `${fmtMs(c.loadedMs)} (${fmtMs(
          c.loadedFromReleaseMs,
        )} after release)`,
        target: r.externalSecrets >= 50_000 ? '≤ 15 s (50k fleet)' : undefined,
        met: r.externalSecrets === 50_000 ? c.loadedMs <= 15_000 : undefined,
      },
      {
        what: 'backend CPU time from the release to every cluster `ok` (share of one core)',
        ours: `${fmtMs(c.loadCpuMs)} (${Math.round(
          (100 * c.loadCpuMs) / c.loadedFromReleaseMs,
        )} %)`,
      },
      {
        what: 'catalog: process start → 1,000 services in the overview',
        ours: fmtMs(c.catalogMs),
      },
      {
        what: 'backend RSS before clusters load → after (heap used after gc)',
        ours: `${fmtBytes(c.before.rss)} → ${fmtBytes(
          c.after.rss,
        )} (heap ${fmtBytes(c.before.heapUsed)} → ${fmtBytes(
          c.after.heapUsed,
        )}${c.after.gc ? '' : ', no gc'})`,
      },
      {
        what: `backend memory per tracked object (${fmtInt(
          r.trackedObjects,
        )} objects): RSS (heap)`,
        ours: `${fmtBytes(
          (c.after.rss - c.before.rss) / r.trackedObjects,
        )} (${fmtBytes(
          (c.after.heapUsed - c.before.heapUsed) / r.trackedObjects,
        )})`,
        target: '≤ 2 KB',
        met: (c.after.rss - c.before.rss) / r.trackedObjects <= 2048,
      },
    );
  }
  rows.push(...seqRows(r, 0), ...seqRows(r, 20));
  for (const n of [50, 200]) {
    const ours = r.concurrency[`ours@${n}`];
    const theirs = r.concurrency[`theirs@${n}`];
    rows.push({
      what: `${n} concurrent clients on the report, ${
        ours ? Math.round(ours.seconds) : '?'
      } s`,
      ours: loadCell(ours),
      theirs: theirs ? loadCell(theirs) : 'skipped',
      ratio:
        ours && theirs
          ? `throughput ${ratio(theirs.throughput, ours.throughput)}`
          : undefined,
      target: n === 200 ? 'p99 ≤ 50 ms, 0 errors' : undefined,
      met:
        n === 200 && ours
          ? ours.latency.p99 <= 50 && ours.errors === 0
          : undefined,
    });
  }
  const noop = r.concurrency['noop@200'];
  if (noop)
    rows.push({
      what: `200 concurrent clients on an authenticated no-op route of the same backend, ${Math.round(
        noop.seconds,
      )} s (the HTTP stack's ceiling)`,
      ours: loadCell(noop),
    });
  if (r.watch) {
    rows.push({
      what: `watch event → visible in our report (${
        r.watch.samples.length
      } events${r.watch.timeouts ? `, ${r.watch.timeouts} never seen` : ''})`,
      ours: `median ${fmtMs(r.watch.medianMs)}, max ${fmtMs(r.watch.maxMs)}`,
      target: '≤ 1 s',
      met: r.watch.timeouts === 0 && r.watch.maxMs <= 1000,
    });
  }
  // Each stall beside the longest garbage-collection pause in the same window.
  type Stall = [string, { stallMs: number; gcPauseMs?: number } | undefined];
  const load = (key: string) => r.concurrency[key];
  const stalls: Stall[] = [
    ['cold start', c],
    [
      'periodic evaluation at rest (35 s)',
      r.restStallMs === undefined
        ? undefined
        : { stallMs: r.restStallMs, gcPauseMs: r.restGcPauseMs },
    ],
    ...[50, 200].flatMap((n): Stall[] => [
      [`${n} clients on ours`, load(`ours@${n}`)],
      [`${n} clients on theirs`, load(`theirs@${n}`)],
    ]),
    ['200 clients on the no-op route', noop],
  ];
  for (const [what, stall] of stalls) {
    if (!stall) continue;
    rows.push({
      what: `longest event-loop stall: ${what} (longest GC pause in it)`,
      ours: `${fmtMs(stall.stallMs)} (GC ${fmtMs(stall.gcPauseMs)})`,
      target: '≤ 50 ms',
      met: stall.stallMs <= 50,
    });
  }
  if (r.evaluation) {
    const e = r.evaluation;
    rows.push({
      what: `evaluation per pod event, one cluster of ${fmtInt(
        e.externalSecrets,
      )} ES (${fmtInt(e.objects)} objects): after (upsert + ${
        e.affectedPerEvent
      } affected) vs before (evaluateCluster)`,
      ours: fmtMs(e.afterMs),
      theirs: `${fmtMs(e.beforeMs)} (before)`,
      ratio: ratio(e.afterMs, e.beforeMs),
    });
  }
  for (const o of r.overview ?? []) {
    rows.push({
      what: `overview \`${o.query}\` p50 / p99 (${o.latency.n} requests, ${o.total} rows)`,
      ours: `${fmtMs(o.latency.p50)} / ${fmtMs(o.latency.p99)}${
        o.errors ? ` (${o.errors} errors)` : ''
      }`,
    });
  }
  if (r.browser) {
    if ('skipped' in r.browser) {
      rows.push({
        what: 'overview first render in Chromium',
        ours: `not measured: ${r.browser.skipped}`,
      });
    } else {
      rows.push({
        what: `overview first render in Chromium (navigation → first services row; first load / median of ${r.browser.warm.length} reloads)`,
        ours: `${fmtMs(r.browser.firstMs)} / ${fmtMs(r.browser.warmMedianMs)}`,
        target: '≤ 1 s',
        met: r.browser.warmMedianMs <= 1000,
      });
      rows.push({
        what: 'of the reloads: navigation → the overview request answered (median); the rest renders',
        ours: `${fmtMs(r.browser.warmAnswerMedianMs)} → row after ${fmtMs(
          r.browser.warmMedianMs - r.browser.warmAnswerMedianMs,
        )}`,
      });
    }
  }
  const lines = [
    `### ${fmtInt(r.externalSecrets)} ExternalSecrets (${
      r.clusters
    } clusters × ${fmtInt(r.perCluster)})${
      r.wallMs ? `, run took ${fmtMs(r.wallMs)}` : ''
    }`,
    '',
    '| measurement | ours | theirs (Kubernetes plugin) | ratio | target | met |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      row =>
        `| ${row.what} | ${row.ours} | ${row.theirs ?? ''} | ${
          row.ratio ?? ''
        } | ${row.target ?? ''} | ${yes(row.met)} |`,
    ),
  ];
  const notes: string[] = [];
  for (const [key, s] of Object.entries(r.sequential))
    if (s?.errorSamples.length)
      notes.push(`${key} errors: ${s.errorSamples.join(' | ')}`);
  for (const [key, s] of Object.entries(r.concurrency))
    if (s?.errorSamples.length)
      notes.push(`${key} errors: ${s.errorSamples.join(' | ')}`);
  const theirsLoad = r.sequential['theirs@0'];
  if (theirsLoad) {
    const top = Object.entries(theirsLoad.byResource)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n.toFixed(1)}`)
      .join(', ');
    notes.push(`theirs: cluster requests per page load by resource: ${top}`);
  }
  const profiles: Array<[string, ProfileSummary | undefined]> = [
    ['at rest', r.restProfile],
    ['under 50 clients on our report', r.loadProfile],
  ];
  for (const [when, p] of profiles) {
    if (!p) continue;
    const list = (items: ProfileSummary['functions']) =>
      items.map(i => `${i.ms} ms ${i.where}`).join('; ');
    notes.push(
      `CPU profile ${when} (${p.totalMs} ms on the main thread; ${
        p.file
      }): by module: ${list(p.modules)}; by function: ${list(p.functions)}`,
    );
  }
  if (c?.clusterErrors.length)
    notes.push(`cluster errors while loading: ${c.clusterErrors.join('; ')}`);
  if (c && !c.reportClustersOk)
    notes.push('a report after the cold start did not show every cluster ok');
  if (r.unknownPaths && Object.keys(r.unknownPaths).length)
    notes.push(
      `paths the simulated server did not know: ${JSON.stringify(
        r.unknownPaths,
      )}`,
    );
  notes.push(...r.problems.map(p => `problem: ${p}`));
  notes.push(
    `logs: simulated server ${r.logs.sim}, backend ${r.logs.backend}${
      r.logs.frontend ? `, frontend ${r.logs.frontend}` : ''
    }`,
  );
  return [...lines, '', ...notes.map(n => `- ${n}`)].join('\n');
}

export function growthTable(results: SizeResult[]): string {
  const header = `| measurement | ${results
    .map(r => `${fmtInt(r.externalSecrets)} ES`)
    .join(' | ')} |`;
  const sep = `|---|${results.map(() => '---').join('|')}|`;
  const row = (what: string, cell: (r: SizeResult) => string) =>
    `| ${what} | ${results.map(cell).join(' | ')} |`;
  const perObject = (r: SizeResult) =>
    r.coldStart
      ? fmtBytes(
          (r.coldStart.after.rss - r.coldStart.before.rss) / r.trackedObjects,
        )
      : 'n/a';
  return [
    '### Growth across sizes',
    '',
    header,
    sep,
    row('tracked objects', r => fmtInt(r.trackedObjects)),
    row('cold start (process start → loaded)', r =>
      fmtMs(r.coldStart?.loadedMs),
    ),
    row('RSS after load', r => fmtBytes(r.coldStart?.after.rss)),
    row('heap used after load (gc)', r =>
      fmtBytes(r.coldStart?.after.heapUsed),
    ),
    row('memory per tracked object (RSS)', perObject),
    row('our report p50 / p99 (0 ms)', r => {
      const s = r.sequential['ours@0'];
      return s ? `${fmtMs(s.latency.p50)} / ${fmtMs(s.latency.p99)}` : 'n/a';
    }),
    row('their report p50 / p99 (0 ms)', r => {
      const s = r.sequential['theirs@0'];
      return s ? `${fmtMs(s.latency.p50)} / ${fmtMs(s.latency.p99)}` : 'n/a';
    }),
    row('ours, 200 clients: req/s, p99', r => {
      const s = r.concurrency['ours@200'];
      return s ? `${fmtInt(s.throughput)}, ${fmtMs(s.latency.p99)}` : 'n/a';
    }),
    row('watch event → report (median / max)', r =>
      r.watch ? `${fmtMs(r.watch.medianMs)} / ${fmtMs(r.watch.maxMs)}` : 'n/a',
    ),
    row(
      'longest stall: cold start / at rest',
      r => `${fmtMs(r.coldStart?.stallMs)} / ${fmtMs(r.restStallMs)}`,
    ),
    row('evaluation per event: before → after', r =>
      r.evaluation
        ? `${fmtMs(r.evaluation.beforeMs)} → ${fmtMs(r.evaluation.afterMs)}`
        : 'n/a',
    ),
    row('overview first page p50', r => fmtMs(r.overview?.[0]?.latency.p50)),
  ].join('\n');
}
