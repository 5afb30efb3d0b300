// N simulated Kubernetes API servers in one process, under path prefixes `/c/<i>` of one HTTP
// server on 127.0.0.1: discovery, LIST (paging, label and field selectors, metadata-only),
// GET, WATCH (replay, bookmarks, 410), metrics.k8s.io for the Kubernetes plugin's pod metrics,
// plus a JSON control endpoint under `/control/` for the driver (readiness, hold, latency,
// counters, pushing changes). Runs as its own process:
//
//   node -r @backstage/cli-node/config/nodeTransform.cjs bench/fleet/simulatedApiServer.ts \
//     --clusters 20 --external-secrets 2500 [--latency-ms 0] [--bookmark-seconds 30]
//
// Prints one JSON line `{"event":"listening","port":…}` once it listens and
// `{"event":"ready",…}` once every cluster is generated.
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { kubeTime } from './generator';
import { Entry, supportsField } from './sim/clusterStore';
import { listBody, pushItem, statusBody } from './sim/encode';
import { SimulatedCluster } from './sim/fleet';
import {
  apiVersionOf,
  discoveryDocuments,
  findResource,
} from './sim/resources';
import { parseSelector, Requirement } from './sim/selectors';
import { WatchHub } from './sim/watches';

const { values: args } = parseArgs({
  options: {
    clusters: { type: 'string', default: '20' },
    'external-secrets': { type: 'string', default: '2500' },
    'latency-ms': { type: 'string', default: '0' },
    'bookmark-seconds': { type: 'string', default: '30' },
    port: { type: 'string', default: '0' },
  },
});

const CLUSTERS = Number(args.clusters);
const PER_CLUSTER = Number(args['external-secrets']);
/** Longest a request waits while the clusters are held back (the backend's own timeout is 30 s). */
const MAX_HOLD_MS = 25_000;
const startedAt = Date.now();

let latencyMs = Number(args['latency-ms']);
const clusters = Array.from(
  { length: CLUSTERS },
  (_, i) => new SimulatedCluster(i, PER_CLUSTER, startedAt),
);
const watches = new WatchHub(Number(args['bookmark-seconds']) * 1000);
const discovery = discoveryDocuments();
let generated = false;

// ---- counters --------------------------------------------------------------------------------

type Verb = 'discovery' | 'list' | 'get' | 'watch' | 'unknown';
/** Requests per cluster, by `<verb> <resource>`. */
let counters: Array<Map<string, number>> = clusters.map(() => new Map());
const unknownPaths = new Map<string, number>();

function count(cluster: number, verb: Verb, what: string) {
  const key = `${verb} ${what}`;
  const map = counters[cluster];
  map.set(key, (map.get(key) ?? 0) + 1);
}

function countersReport() {
  const totals: Record<string, number> = {};
  const perCluster = counters.map(map => {
    const byVerb: Record<string, number> = {};
    for (const [key, n] of map) {
      const verb = key.split(' ')[0];
      byVerb[verb] = (byVerb[verb] ?? 0) + n;
      totals[key] = (totals[key] ?? 0) + n;
    }
    return byVerb;
  });
  const byVerb: Record<string, number> = {};
  for (const verbs of perCluster)
    for (const [verb, n] of Object.entries(verbs))
      byVerb[verb] = (byVerb[verb] ?? 0) + n;
  return {
    byVerb,
    byResource: totals,
    perCluster,
    unknownPaths: Object.fromEntries(unknownPaths),
  };
}

// ---- holding the clusters back ---------------------------------------------------------------

let held = false;
let releaseTimer: NodeJS.Timeout | undefined;
const waiting: Array<() => void> = [];

function setHold(hold: boolean) {
  held = hold;
  clearTimeout(releaseTimer);
  if (hold) {
    // Never longer than the backend's request timeout: a held request must not fail.
    releaseTimer = setTimeout(() => setHold(false), MAX_HOLD_MS);
  } else {
    waiting.splice(0).forEach(resume => resume());
  }
}

function whenReleased(): Promise<void> {
  return held
    ? new Promise(resolve => waiting.push(resolve))
    : Promise.resolve();
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

// ---- answering -------------------------------------------------------------------------------

function send(res: ServerResponse, code: number, body: Buffer | unknown) {
  const buffer = Buffer.isBuffer(body)
    ? body
    : Buffer.from(JSON.stringify(body));
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': buffer.length,
  });
  res.end(buffer);
}

function notFound(
  res: ServerResponse,
  cluster: number | undefined,
  path: string,
) {
  if (cluster !== undefined) count(cluster, 'unknown', path);
  const shown = path.replace(/\/namespaces\/[^/]+\//, '/namespaces/<ns>/');
  const seen = (unknownPaths.get(shown) ?? 0) + 1;
  if (unknownPaths.size < 500 || unknownPaths.has(shown))
    unknownPaths.set(shown, seen);
  if (seen <= 3)
    console.log(JSON.stringify({ event: 'unknown-path', cluster, path }));
  send(
    res,
    404,
    statusBody(
      404,
      'NotFound',
      'the server could not find the requested resource',
    ),
  );
}

interface Continue {
  rv: number;
  offset: number;
}

function encodeContinue(token: Continue): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(raw: string): Continue | undefined {
  try {
    const token = JSON.parse(Buffer.from(raw, 'base64url').toString());
    return Number.isInteger(token.offset) && Number.isInteger(token.rv)
      ? token
      : undefined;
  } catch {
    return undefined;
  }
}

/** The media type the client asked for first (`as=…` of the first Accept entry), if any. */
function requestedAs(req: IncomingMessage): string | undefined {
  const first = String(req.headers.accept ?? '').split(',')[0];
  return /;\s*as=([A-Za-z]+)/.exec(first)?.[1];
}

/** What `<path below /c/i>` names: discovery, or a resource (collection or one object). */
function parsePath(path: string) {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (parts[0] === 'api') {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    group = parts[1] ?? '';
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  if (!version || rest.length === 0) return undefined;
  let ns: string | undefined;
  let plural: string;
  let name: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    [, ns, plural, name] = rest;
    if (rest.length > 4) return undefined; // subresources are not simulated
  } else {
    [plural, name] = rest;
    if (rest.length > 2) return undefined;
  }
  const def = findResource(group, version, plural);
  if (!def || (ns !== undefined && !def.namespaced)) return undefined;
  return { def, version, ns, name };
}

/** PodMetrics of the pods a metrics.k8s.io request selects (usage made up, stable per pod). */
function metricsBody(pods: Entry[], rv: number): Buffer {
  const now = kubeTime(Date.now());
  const items = pods.map(entry => ({
    kind: 'PodMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: {
      name: entry.name,
      namespace: entry.ns,
      creationTimestamp: now,
      labels: entry.labels,
    },
    timestamp: now,
    window: '15s',
    containers: [
      {
        name: 'app',
        usage: {
          cpu: `${(entry.rv % 40) + 2}m`,
          memory: `${(entry.rv % 90) + 60}Mi`,
        },
      },
    ],
  }));
  return Buffer.from(
    JSON.stringify({
      kind: 'PodMetricsList',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { resourceVersion: String(rv) },
      items,
    }),
  );
}

async function serveCluster(
  index: number,
  path: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const cluster = clusters[index];
  await whenReleased();
  const latency = cluster.latencyMs ?? latencyMs;
  const doc = discovery.get(path.replace(/\/$/, '') || '/');
  if (doc !== undefined) {
    count(index, 'discovery', path);
    if (latency > 0) await sleep(latency);
    send(res, 200, doc);
    return;
  }
  const target = parsePath(path);
  if (!target) {
    notFound(res, index, path);
    return;
  }
  if (req.method !== 'GET') {
    count(index, 'unknown', `${req.method} ${target.def.plural}`);
    send(
      res,
      405,
      statusBody(405, 'MethodNotAllowed', 'the simulated server is read-only'),
    );
    return;
  }
  const { def, version, ns, name } = target;
  const watching =
    url.searchParams.get('watch') === 'true' ||
    url.searchParams.get('watch') === '1';
  const verb: Verb = watching ? 'watch' : name ? 'get' : 'list';
  count(index, verb, def.group ? `${def.plural}.${def.group}` : def.plural);

  // Like the API server, the first media type offered decides: lists need
  // `as=PartialObjectMetadataList`, single objects and watch events `as=PartialObjectMetadata`.
  const as = requestedAs(req);
  const expected =
    verb === 'list' ? 'PartialObjectMetadataList' : 'PartialObjectMetadata';
  if (as !== undefined && as !== expected) {
    send(
      res,
      406,
      statusBody(
        406,
        'NotAcceptable',
        `you requested ${as}, but the result is ${expected}`,
      ),
    );
    return;
  }
  const partial = as !== undefined;

  let labels: Requirement[];
  let fields: Requirement[];
  try {
    labels = parseSelector(url.searchParams.get('labelSelector'));
    fields = parseSelector(url.searchParams.get('fieldSelector'));
    const unsupported = fields.find(f => !supportsField(def, f.key));
    if (unsupported)
      throw new Error(`field label not supported: ${unsupported.key}`);
  } catch (error) {
    send(
      res,
      400,
      statusBody(400, 'BadRequest', String((error as Error).message)),
    );
    return;
  }

  const { store } = cluster;
  const apiVersion = apiVersionOf(def.group, version);
  if (def.metrics) {
    if (latency > 0) await sleep(latency);
    const podsDef = findResource('', 'v1', 'pods')!;
    send(
      res,
      200,
      metricsBody(
        store.collection(podsDef)!.select(ns, labels, fields),
        store.rv,
      ),
    );
    return;
  }
  const collection = store.collection(def)!;

  if (watching) {
    const timeout = Number(url.searchParams.get('timeoutSeconds'));
    watches.start(
      {
        store,
        def,
        apiVersion,
        ns,
        labels,
        fields,
        partial,
        bookmarks: url.searchParams.get('allowWatchBookmarks') === 'true',
        from: url.searchParams.get('resourceVersion') ?? undefined,
        // The API server's default is a random 30–60 minutes.
        timeoutSeconds:
          timeout > 0 ? timeout : 1800 + Math.floor(Math.random() * 1800),
      },
      res,
    );
    return;
  }

  if (latency > 0) await sleep(latency);
  if (name) {
    const entry = collection.get(ns ?? '', name);
    if (!entry) {
      send(
        res,
        404,
        statusBody(404, 'NotFound', `${def.plural} "${name}" not found`),
      );
      return;
    }
    const out: Buffer[] = [];
    pushItem(out, entry, partial ? 'partial' : 'typed', apiVersion, def.kind);
    send(res, 200, Buffer.concat(out));
    return;
  }

  const selected = collection.select(ns, labels, fields);
  const rawContinue = url.searchParams.get('continue');
  const token = rawContinue
    ? decodeContinue(rawContinue)
    : { rv: store.rv, offset: 0 };
  if (!token) {
    send(res, 400, statusBody(400, 'BadRequest', 'invalid continue token'));
    return;
  }
  if (token.rv < store.historyStartRv) {
    send(
      res,
      410,
      statusBody(410, 'Expired', 'The provided continue parameter is too old'),
    );
    return;
  }
  const limit = Number(url.searchParams.get('limit')) || Infinity;
  const page = selected.slice(token.offset, token.offset + limit);
  const next = token.offset + page.length;
  const more = next < selected.length;
  send(
    res,
    200,
    listBody({
      entries: page,
      shape: partial ? 'partial' : def.custom ? 'typed' : 'plain',
      apiVersion,
      kind: def.kind,
      resourceVersion: token.rv,
      continueToken: more
        ? encodeContinue({ rv: token.rv, offset: next })
        : undefined,
      remaining: more ? selected.length - next : undefined,
    }),
  );
}

// ---- control endpoint ------------------------------------------------------------------------

async function readJson(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString();
  return text ? JSON.parse(text) : {};
}

function status() {
  const objects = generated ? clusters[0].store.objectCount() : {};
  return {
    ready: generated,
    clusters: CLUSTERS,
    externalSecretsPerCluster: PER_CLUSTER,
    objectsPerCluster: objects,
    held,
    latencyMs,
    openWatches: watches.size,
    openWatchesByCluster: watches.countByCluster(),
    memory: process.memoryUsage(),
  };
}

async function control(
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const body = req.method === 'POST' ? await readJson(req) : {};
  switch (`${req.method} ${path}`) {
    case 'GET /control/status':
      send(res, 200, status());
      return;
    case 'POST /control/hold':
      setHold(Boolean(body.hold));
      send(res, 200, { held });
      return;
    case 'POST /control/latency': {
      const ms = Number(body.ms);
      if (!(ms >= 0))
        throw new Error('latency ms must be a non-negative number');
      if (body.cluster === undefined) {
        latencyMs = ms;
        clusters.forEach(c => (c.latencyMs = undefined));
      } else clusters[Number(body.cluster)].latencyMs = ms;
      send(res, 200, { latencyMs });
      return;
    }
    case 'GET /control/counters':
      send(res, 200, countersReport());
      return;
    case 'POST /control/counters/reset':
      counters = clusters.map(() => new Map());
      unknownPaths.clear();
      send(res, 200, { reset: true });
      return;
    case 'POST /control/change': {
      const cluster = clusters[Number(body.cluster)];
      if (!cluster) throw new Error(`no cluster ${body.cluster}`);
      const events = cluster.apply({
        kind: body.kind,
        index: Number(body.index),
        ready: body.ready,
      });
      // The moment the change leaves for the watches: what "visible" is measured from.
      const ms = Date.now();
      const delivered = events.reduce(
        (n, e) => n + watches.emit(cluster.store, e),
        0,
      );
      send(res, 200, {
        at: new Date(ms).toISOString(),
        ms,
        rv: cluster.store.rv,
        delivered,
      });
      return;
    }
    case 'POST /control/compact': {
      const targets =
        body.cluster === undefined
          ? clusters
          : [clusters[Number(body.cluster)]];
      let expired = 0;
      for (const cluster of targets) {
        cluster.store.compact();
        expired += watches.expire(cluster.store);
      }
      send(res, 200, { expired });
      return;
    }
    default:
      send(res, 404, { error: `unknown control ${req.method} ${path}` });
  }
}

// ---- server ----------------------------------------------------------------------------------

const server = http.createServer(
  { noDelay: true, keepAliveTimeout: 65_000 },
  (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const handle = path.startsWith('/control/')
      ? control(path, req, res)
      : (async () => {
          const m = /^\/c\/(\d+)(\/.*)?$/.exec(path);
          const index = m ? Number(m[1]) : -1;
          if (!m || index >= CLUSTERS) {
            notFound(res, undefined, path);
            return;
          }
          if (!generated) {
            send(
              res,
              503,
              statusBody(
                503,
                'ServiceUnavailable',
                'the simulated cluster is starting',
              ),
            );
            return;
          }
          await serveCluster(index, m[2] ?? '/', url, req, res);
        })();
    handle.catch(error => {
      if (!res.headersSent)
        send(res, 500, statusBody(500, 'InternalError', String(error)));
      else res.destroy();
    });
  },
);
// Watches are long requests; nothing here may cut them.
server.requestTimeout = 0;
server.headersTimeout = 60_000;

server.listen(Number(args.port), '127.0.0.1', async () => {
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ event: 'listening', port }));
  const started = Date.now();
  for (const cluster of clusters) {
    cluster.generate();
    // Let control requests (status) in between clusters.
    await new Promise(resolve => setImmediate(resolve));
  }
  generated = true;
  const memory = process.memoryUsage();
  console.log(
    JSON.stringify({
      event: 'ready',
      clusters: CLUSTERS,
      externalSecretsPerCluster: PER_CLUSTER,
      objectsPerCluster: clusters[0].store.objectCount(),
      generationMs: Date.now() - started,
      rssMb: Math.round(memory.rss / 1e6),
    }),
  );
});

function shutdown() {
  watches.close();
  server.closeAllConnections();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
