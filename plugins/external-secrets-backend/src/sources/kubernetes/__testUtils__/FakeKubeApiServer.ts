import http, { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

type Obj = Record<string, any>;

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

interface OpenWatch {
  path: string;
  fieldSelector: string | null;
  metadataOnly: boolean;
  res: ServerResponse;
}

interface HistoryEntry {
  rv: number;
  path: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: Obj;
}

const ESO_PLURALS = [
  'externalsecrets',
  'clusterexternalsecrets',
  'secretstores',
  'clustersecretstores',
];
const CORE = ['secrets', 'pods', 'events'];
const APPS = ['replicasets', 'deployments', 'statefulsets', 'daemonsets'];
const BATCH = ['jobs', 'cronjobs'];

const LIST_KINDS: Record<string, string> = {
  externalsecrets: 'ExternalSecretList',
  clusterexternalsecrets: 'ClusterExternalSecretList',
  secretstores: 'SecretStoreList',
  clustersecretstores: 'ClusterSecretStoreList',
  secrets: 'SecretList',
  pods: 'PodList',
  events: 'EventList',
  replicasets: 'ReplicaSetList',
  deployments: 'DeploymentList',
  statefulsets: 'StatefulSetList',
  daemonsets: 'DaemonSetList',
  jobs: 'JobList',
  cronjobs: 'CronJobList',
};

/** Collection paths of every kind the source watches, in every version the fake can serve. */
export const COLLECTIONS = {
  externalSecrets: (v = 'v1') =>
    `/apis/external-secrets.io/${v}/externalsecrets`,
  clusterExternalSecrets: (v = 'v1') =>
    `/apis/external-secrets.io/${v}/clusterexternalsecrets`,
  secretStores: (v = 'v1') => `/apis/external-secrets.io/${v}/secretstores`,
  clusterSecretStores: (v = 'v1') =>
    `/apis/external-secrets.io/${v}/clustersecretstores`,
  secrets: '/api/v1/secrets',
  pods: '/api/v1/pods',
  events: '/api/v1/events',
  replicaSets: '/apis/apps/v1/replicasets',
  deployments: '/apis/apps/v1/deployments',
  statefulSets: '/apis/apps/v1/statefulsets',
  daemonSets: '/apis/apps/v1/daemonsets',
  jobs: '/apis/batch/v1/jobs',
  cronJobs: '/apis/batch/v1/cronjobs',
};

/** The API server's message for a path it does not serve. */
const NO_RESOURCE = 'the server could not find the requested resource';

function status(code: number, reason: string, message: string): Obj {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
}

function keyOf(object: Obj): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

function getPath(object: Obj, path: string): unknown {
  return path.split('.').reduce<any>((value, part) => value?.[part], object);
}

function matchesFieldSelector(object: Obj, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(',').every(term => {
    const [field, value] = term.split('=');
    return String(getPath(object, field) ?? '') === value;
  });
}

/**
 * A small Kubernetes API server for tests, on 127.0.0.1 (plain http): API discovery of
 * `external-secrets.io`, LIST with `limit`/`continue`/`fieldSelector`, WATCH streaming
 * newline-delimited events over a chunked response (replaying history after the requested
 * resourceVersion, 410 for compacted ones), PartialObjectMetadata for `Accept: ...;as=...`,
 * and merge-patch of ESO objects. Every request is recorded.
 */
export class FakeKubeApiServer {
  readonly requests: RecordedRequest[] = [];
  /** Versions of external-secrets.io served; null: the group is not installed (404). */
  esoVersions: string[] | null = ['v1', 'v1beta1'];
  /** Collection paths answered with 404 / 403. */
  readonly notServed = new Set<string>();
  readonly forbidden = new Set<string>();
  /** When false, Secrets are returned whole even when metadata is asked for (a misbehaving server). */
  honorPartialMetadata = true;
  /** Items per list page at most (the client's `limit` applies too). */
  maxPageSize = 1000;
  /** Delay before answering a list (ms). */
  listDelayMs = 0;
  /** Bearer tokens accepted; any request without one of them gets 401. Empty: no check. */
  readonly acceptedTokens = new Set<string>();

  private server?: http.Server;
  private port = 0;
  private rv = 1000;
  private compactedRv = 0;
  private readonly collections = new Map<string, Map<string, Obj>>();
  private readonly history: HistoryEntry[] = [];
  private readonly watches = new Set<OpenWatch>();

  constructor() {
    for (const plural of [...CORE])
      this.collections.set(`/api/v1/${plural}`, new Map());
    for (const plural of APPS)
      this.collections.set(`/apis/apps/v1/${plural}`, new Map());
    for (const plural of BATCH)
      this.collections.set(`/apis/batch/v1/${plural}`, new Map());
    for (const version of ['v1', 'v1beta1']) {
      for (const plural of ESO_PLURALS) {
        this.collections.set(
          `/apis/external-secrets.io/${version}/${plural}`,
          new Map(),
        );
      }
    }
  }

  /** Listens on 127.0.0.1, on `port` (0: any free port, or the previous one after stop()). */
  async start(port: number = this.port): Promise<void> {
    const server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Goes away: stops listening and drops every connection (open watches included). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const watch of this.watches) watch.res.destroy();
    this.watches.clear();
    const closed = new Promise<void>(resolve => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Adds or replaces an object; open watches get ADDED/MODIFIED unless `silent`. */
  put(path: string, object: Obj, options: { silent?: boolean } = {}): Obj {
    const collection = this.collection(path);
    const stored = structuredClone(object);
    stored.metadata = {
      ...stored.metadata,
      resourceVersion: String(++this.rv),
    };
    const type = collection.has(keyOf(stored)) ? 'MODIFIED' : 'ADDED';
    collection.set(keyOf(stored), stored);
    if (!options.silent) this.emit({ rv: this.rv, path, type, object: stored });
    return stored;
  }

  /** Deletes an object; open watches get DELETED unless `silent`. */
  remove(
    path: string,
    name: string,
    namespace?: string,
    options: { silent?: boolean } = {},
  ): void {
    const collection = this.collection(path);
    const key = `${namespace ?? ''}/${name}`;
    const existing = collection.get(key);
    if (!existing) return;
    collection.delete(key);
    const object = {
      ...existing,
      metadata: { ...existing.metadata, resourceVersion: String(++this.rv) },
    };
    if (!options.silent)
      this.emit({ rv: this.rv, path, type: 'DELETED', object });
  }

  /**
   * Compacts history: open watches get an `ERROR` event with code 410 and are closed, as the
   * API server does; later watches from an older resourceVersion get the same.
   */
  expireWatches(): void {
    this.compactedRv = this.rv;
    for (const watch of [...this.watches]) {
      this.write(watch, {
        type: 'ERROR',
        object: status(410, 'Expired', 'too old resource version'),
      });
      this.watches.delete(watch);
      watch.res.end();
    }
  }

  /** Ends open watches normally (as a server-side timeout does). */
  closeWatches(): void {
    for (const watch of [...this.watches]) {
      this.watches.delete(watch);
      watch.res.end();
    }
  }

  /** Open watches, optionally of one collection path. */
  openWatches(path?: string): number {
    return [...this.watches].filter(w => !path || w.path === path).length;
  }

  /** Recorded requests of one path (lists, watches, patches). */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter(r => r.path === path);
  }

  private collection(path: string): Map<string, Obj> {
    const collection = this.collections.get(path);
    if (!collection)
      throw new Error(`FakeKubeApiServer: unknown collection ${path}`);
    return collection;
  }

  private emit(entry: HistoryEntry): void {
    this.history.push(entry);
    for (const watch of this.watches) {
      if (
        watch.path === entry.path &&
        matchesFieldSelector(entry.object, watch.fieldSelector)
      ) {
        this.write(watch, {
          type: entry.type,
          object: this.present(entry.object, watch.metadataOnly),
        });
      }
    }
  }

  private write(watch: OpenWatch, event: Obj): void {
    watch.res.write(`${JSON.stringify(event)}\n`);
  }

  private isBuiltIn(path: string): boolean {
    return !path.startsWith('/apis/external-secrets.io/');
  }

  /** How the server shows an object: metadata only when asked (and honoured), no kind in built-in lists. */
  private present(object: Obj, metadataOnly: boolean): Obj {
    if (metadataOnly && this.honorPartialMetadata) {
      return {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: structuredClone(object.metadata),
      };
    }
    return structuredClone(object);
  }

  private served(path: string): boolean {
    if (this.notServed.has(path)) return false;
    const eso = /^\/apis\/external-secrets\.io\/([^/]+)\//.exec(path);
    if (eso)
      return this.esoVersions !== null && this.esoVersions.includes(eso[1]);
    return true;
  }

  private send(res: ServerResponse, code: number, body: Obj): void {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  /** Answers with a failure Status, as the API server does. */
  private fail(
    res: ServerResponse,
    code: number,
    reason: string,
    message: string,
  ): void {
    this.send(res, code, status(code, reason, message));
  }

  private handle(req: http.IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', this.url);
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
      };
      this.requests.push(recorded);
      try {
        this.route(recorded, res);
      } catch (error) {
        this.fail(res, 500, 'InternalError', String(error));
      }
    });
  }

  private route(req: RecordedRequest, res: ServerResponse): void {
    const { path } = req;
    if (this.acceptedTokens.size) {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !this.acceptedTokens.has(token)) {
        this.fail(res, 401, 'Unauthorized', 'Unauthorized');
        return;
      }
    }
    if (req.method === 'GET' && path === '/apis/external-secrets.io') {
      if (!this.esoVersions) {
        this.fail(res, 404, 'NotFound', NO_RESOURCE);
        return;
      }
      this.send(res, 200, {
        kind: 'APIGroup',
        apiVersion: 'v1',
        name: 'external-secrets.io',
        versions: this.esoVersions.map(version => ({
          groupVersion: `external-secrets.io/${version}`,
          version,
        })),
        preferredVersion: {
          groupVersion: `external-secrets.io/${this.esoVersions[0]}`,
          version: this.esoVersions[0],
        },
      });
      return;
    }
    if (req.method === 'PATCH') {
      this.patch(req, res);
      return;
    }
    // A namespaced list or watch is the collection's, limited to the namespace (like a field
    // selector on metadata.namespace); a 403 on the collection forbids it too.
    const namespaced = /^(.+)\/namespaces\/([^/]+)\/([^/]+)$/.exec(path);
    if (namespaced && req.method === 'GET') {
      const [, prefix, namespace, plural] = namespaced;
      const selector = req.query.get('fieldSelector');
      const query = new URLSearchParams(req.query);
      query.set(
        'fieldSelector',
        [selector, `metadata.namespace=${namespace}`].filter(Boolean).join(','),
      );
      this.route({ ...req, path: `${prefix}/${plural}`, query }, res);
      return;
    }
    if (
      req.method !== 'GET' ||
      !this.collections.has(path) ||
      !this.served(path)
    ) {
      this.fail(res, 404, 'NotFound', NO_RESOURCE);
      return;
    }
    if (this.forbidden.has(path)) {
      const resource = path.split('/').pop();
      this.fail(
        res,
        403,
        'Forbidden',
        `${resource} is forbidden: User "system:serviceaccount:x:y" cannot list resource "${resource}"`,
      );
      return;
    }
    // Like the real server, the first media type offered decides the encoding: a list needs
    // `as=PartialObjectMetadataList`, the objects of a watch `as=PartialObjectMetadata`.
    const watching = req.query.get('watch') === 'true';
    const asType = /;as=([A-Za-z]+)/.exec(
      String(req.headers.accept ?? '').split(',')[0],
    )?.[1];
    const metadataOnly = asType !== undefined;
    const expected = watching
      ? 'PartialObjectMetadata'
      : 'PartialObjectMetadataList';
    if (asType !== undefined && asType !== expected) {
      this.fail(
        res,
        406,
        'NotAcceptable',
        `you requested ${asType}, but the ${
          watching ? 'watched objects are' : 'requested object is'
        } ${expected}`,
      );
      return;
    }
    if (watching) {
      this.watch(req, res, metadataOnly);
    } else if (this.listDelayMs > 0) {
      setTimeout(() => this.list(req, res, metadataOnly), this.listDelayMs);
    } else {
      this.list(req, res, metadataOnly);
    }
  }

  private list(
    req: RecordedRequest,
    res: ServerResponse,
    metadataOnly: boolean,
  ): void {
    const { path, query } = req;
    const selector = query.get('fieldSelector');
    const all = [...this.collection(path).values()].filter(o =>
      matchesFieldSelector(o, selector),
    );
    const offset = Number(query.get('continue') ?? 0);
    const limit = Math.min(
      Number(query.get('limit') ?? Infinity) || Infinity,
      this.maxPageSize,
    );
    const page = all.slice(offset, offset + limit);
    const next =
      offset + page.length < all.length
        ? String(offset + page.length)
        : undefined;
    const partial = metadataOnly && this.honorPartialMetadata;
    const plural = path.split('/').pop()!;
    const items = page.map(object => {
      const shown = this.present(object, metadataOnly);
      if (this.isBuiltIn(path) && !partial) {
        // Like the API server: items of built-in lists carry no kind/apiVersion.
        delete shown.kind;
        delete shown.apiVersion;
      }
      return shown;
    });
    this.send(res, 200, {
      kind: partial ? 'PartialObjectMetadataList' : LIST_KINDS[plural],
      apiVersion: partial
        ? 'meta.k8s.io/v1'
        : path
            .replace(/^\/apis?\//, '')
            .split('/')
            .slice(0, -1)
            .join('/'),
      metadata: {
        resourceVersion: String(this.rv),
        ...(next ? { continue: next } : {}),
      },
      items,
    });
  }

  private watch(
    req: RecordedRequest,
    res: ServerResponse,
    metadataOnly: boolean,
  ): void {
    const from = Number(req.query.get('resourceVersion') ?? 0);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
    });
    res.flushHeaders();
    const watch: OpenWatch = {
      path: req.path,
      fieldSelector: req.query.get('fieldSelector'),
      metadataOnly,
      res,
    };
    if (from && from < this.compactedRv) {
      this.write(watch, {
        type: 'ERROR',
        object: status(410, 'Expired', `too old resource version: ${from}`),
      });
      res.end();
      return;
    }
    for (const entry of this.history) {
      if (
        entry.path === req.path &&
        entry.rv > from &&
        matchesFieldSelector(entry.object, watch.fieldSelector)
      ) {
        this.write(watch, {
          type: entry.type,
          object: this.present(entry.object, metadataOnly),
        });
      }
    }
    this.watches.add(watch);
    res.on('close', () => this.watches.delete(watch));
  }

  private patch(req: RecordedRequest, res: ServerResponse): void {
    const match =
      /^(\/apis\/external-secrets\.io\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)\/([^/]+)$/.exec(
        req.path,
      );
    if (!match) {
      this.fail(res, 404, 'NotFound', 'not found');
      return;
    }
    const [, prefix, namespace, plural, name] = match;
    const path = `${prefix}/${plural}`;
    const existing = this.served(path)
      ? this.collections.get(path)?.get(`${namespace ?? ''}/${name}`)
      : undefined;
    if (this.forbidden.has(path)) {
      this.fail(
        res,
        403,
        'Forbidden',
        `${plural} "${name}" is forbidden: cannot patch resource "${plural}"`,
      );
      return;
    }
    if (!existing) {
      this.fail(res, 404, 'NotFound', `${plural} "${name}" not found`);
      return;
    }
    const patch = JSON.parse(req.body || '{}');
    const updated = structuredClone(existing);
    updated.metadata.annotations = {
      ...updated.metadata.annotations,
      ...patch?.metadata?.annotations,
    };
    this.send(res, 200, this.put(path, updated));
  }
}
