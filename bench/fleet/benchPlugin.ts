// A tiny backend plugin that reports the backend process's own figures to the driver: memory
// (RSS and heap, optionally after a full GC) and the event-loop delay histogram, whose max is
// the longest stall since the last reset. Unauthenticated: it serves the bench only. Besides,
// `GET /api/bench/noop` authenticates the caller like any plugin route and answers `{}`: 200
// clients on it measure what the backend's HTTP stack alone allows on this machine.
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  constants,
  monitorEventLoopDelay,
  PerformanceObserver,
} from 'node:perf_hooks';
import { Router } from 'express';
import { startProfile, stopProfile } from './cpuProfile';

/** Started when this module loads, so that it sees the whole life of the backend. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

const ms = (ns: number) => Math.round(ns / 1e4) / 100;

/**
 * The longest garbage-collection pause since the last reset, and its kind: what a stall that is
 * not our code is made of.
 */
const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};
let gcPause = { maxMs: 0, kind: '' };
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (entry.duration <= gcPause.maxMs) continue;
    const { detail } = entry as { detail?: { kind?: number } };
    const kind = detail?.kind;
    gcPause = {
      maxMs: Math.round(entry.duration * 100) / 100,
      kind: GC_KINDS[kind ?? 0] ?? String(kind),
    };
  }
}).observe({ entryTypes: ['gc'] });

/**
 * When the stalls happened (the histogram says how long, not when): a 10 ms timer that notes
 * every firing more than STALL_MS late, so stalls can be matched with the backend's log.
 */
const STALL_MS = 50;
const TICK_MS = 10;
let stalls: Array<{ at: string; ms: number }> = [];
let lastTick = performance.now();
setInterval(() => {
  const now = performance.now();
  const late = now - lastTick - TICK_MS;
  lastTick = now;
  if (late > STALL_MS) {
    stalls.push({ at: new Date().toISOString(), ms: Math.round(late) });
    if (stalls.length > 200) stalls = stalls.slice(-100);
  }
}, TICK_MS).unref();

function stats(gc: boolean) {
  const collect = (globalThis as { gc?: () => void }).gc;
  const collected = gc && typeof collect === 'function';
  if (collected) collect!();
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    pid: process.pid,
    uptimeMs: Math.round(process.uptime() * 1000),
    gc: collected,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    heapTotal: memory.heapTotal,
    external: memory.external,
    arrayBuffers: memory.arrayBuffers,
    eventLoopDelay: {
      maxMs: ms(loopDelay.max),
      p99Ms: ms(loopDelay.percentile(99)),
      meanMs: Number.isNaN(loopDelay.mean) ? 0 : ms(loopDelay.mean),
      samples: loopDelay.count,
    },
    /** Stalls over 50 ms since the last reset, with the time they ended. */
    stalls,
    gcPause,
    /** CPU time of the whole process so far (user + system). */
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
}

export const benchPlugin = createBackendPlugin({
  pluginId: 'bench',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ httpRouter, httpAuth }) {
        const router = Router();
        // GET /api/bench/stats[?gc=1]: memory and event-loop delay since the last reset.
        router.get('/stats', (req, res) => {
          res.json(stats(req.query.gc === '1'));
        });
        // POST /api/bench/event-loop/reset: starts a new measurement window.
        router.post('/event-loop/reset', (_req, res) => {
          loopDelay.reset();
          stalls = [];
          gcPause = { maxMs: 0, kind: '' };
          res.json({ reset: true });
        });
        // POST /api/bench/profile/start, then /stop: a CPU profile of the window, summarised.
        router.post('/profile/start', async (_req, res) => {
          await startProfile();
          res.json({ started: true });
        });
        router.post('/profile/stop', async (_req, res) => {
          res.json(await stopProfile());
        });
        // GET /api/bench/noop: authenticates the caller (the driver's static token, as on the
        // report route) and does nothing else.
        router.get('/noop', (req, res, next) => {
          httpAuth
            .credentials(req)
            .then(() => res.json({}))
            .catch(next);
        });
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/stats', allow: 'unauthenticated' });
        httpRouter.addAuthPolicy({
          path: '/event-loop',
          allow: 'unauthenticated',
        });
        httpRouter.addAuthPolicy({
          path: '/profile',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
