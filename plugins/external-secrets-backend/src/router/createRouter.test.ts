import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { NotAllowedError, ResponseError } from '@backstage/errors';
import {
  HistoryResponse,
  OverviewResponse,
  ServiceReport,
  SyncResponse,
} from '@eso-health/plugin-external-secrets-common';
import request from 'supertest';
import { ExternalSecretsService } from '../service/types';
import { createRouter } from './createRouter';
import { escapeForLog } from './escapeForLog';

const BASE = '/api/external-secrets';
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\n\r\u001b]/;
const INJECTED = 'demo\n2026-12-04 FAKE level=info \u001b[31mred\u001b[0m';

function report(entityRef: string): ServiceReport {
  return {
    entityRef,
    generatedAt: '2026-12-04T12:00:00.000Z',
    health: 'healthy',
    clusters: [],
    providers: [],
    externalSecrets: [],
  };
}

function overview(offset: number, limit: number): OverviewResponse {
  return {
    generatedAt: '2026-12-04T12:00:00.000Z',
    totals: {
      services: { healthy: 0, warning: 0, error: 0, unknown: 0 },
      externalSecrets: { healthy: 0, warning: 0, error: 0, unknown: 0 },
      unassigned: 0,
    },
    clusters: [],
    providers: [],
    storesNotReady: [],
    findingsByRule: {},
    services: { items: [], total: 0, offset, limit },
  };
}

/** A service double: what the routes pass on is recorded, what it answers is set per test. */
function fakeService() {
  const service = {
    getReport: jest.fn(async (entityRef: string) => report(entityRef)),
    getOverview: jest.fn(async (query: { offset: number; limit: number }) =>
      overview(query.offset, query.limit),
    ),
    getHistory: jest.fn(
      async (_query: unknown): Promise<HistoryResponse> => ({ items: [] }),
    ),
    requestSync: jest.fn(
      async (r: {
        cluster: string;
        namespace: string;
        name: string;
      }): Promise<SyncResponse> => ({
        ...r,
        annotated: {
          kind: 'ExternalSecret',
          name: r.name,
          namespace: r.namespace,
        },
        annotation: 'force-sync',
        requestedAt: '2026-12-04T12:00:00.000Z',
      }),
    ),
  };
  return service;
}

async function startRouter(options: {
  service: ReturnType<typeof fakeService>;
  auditor?: ReturnType<typeof mockServices.auditor.mock>;
  logs?: boolean;
}) {
  const plugin = createBackendPlugin({
    pluginId: 'external-secrets',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          auditor: coreServices.auditor,
          logger: coreServices.logger,
        },
        async init({ httpRouter, httpAuth, auditor, logger }) {
          httpRouter.use(
            await createRouter({
              service: options.service as unknown as ExternalSecretsService,
              httpAuth,
              auditor,
              logger,
            }),
          );
        },
      });
    },
  });
  const { server } = await startTestBackend({
    features: [
      plugin,
      mockServices.rootLogger.factory({
        level: options.logs ? 'debug' : 'none',
      }),
      ...(options.auditor ? [options.auditor.factory] : []),
    ],
  });
  return server;
}

/** Every log call the backend made while `fn` ran (the mock root logger writes to console). */
async function captureLogs(fn: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const spies = (['error', 'warn', 'info', 'debug', 'log'] as const).map(
    level =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(
          args
            .map(a => (typeof a === 'string' ? a : JSON.stringify(a)))
            .join(' '),
        );
      }),
  );
  try {
    await fn();
  } finally {
    spies.forEach(spy => spy.mockRestore());
  }
  return lines;
}

function auditorMock() {
  const events: Array<{
    options: any;
    success: jest.Mock;
    fail: jest.Mock;
  }> = [];
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async (options: any) => {
      const event = { options, success: jest.fn(), fail: jest.fn() };
      events.push(event);
      return { success: event.success, fail: event.fail };
    }),
  });
  return { auditor, events };
}

describe('createRouter: the OpenAPI contract', () => {
  let server: any;
  let service: ReturnType<typeof fakeService>;

  beforeAll(async () => {
    service = fakeService();
    server = await startRouter({ service });
  });

  beforeEach(() => jest.clearAllMocks());

  it('normalises a valid entity ref and refuses malformed ones', async () => {
    const ok = await request(server)
      .get(`${BASE}/v1/report`)
      .query({ entityRef: 'Component:checkout' });
    expect(ok.status).toBe(200);
    expect(service.getReport).toHaveBeenCalledWith(
      'component:default/checkout',
      expect.anything(),
    );
    const longest = `component:${'n'.repeat(63)}/${'a'.repeat(63)}`;
    const atLimit = await request(server)
      .get(`${BASE}/v1/report`)
      .query({ entityRef: longest });
    expect(atLimit.status).toBe(200);

    for (const entityRef of [
      'checkout', // no kind
      'component:ns/', // no name
      'component:default/check out',
      'component:default/-checkout',
      'component:default/checkout-',
      'component:default/.checkout',
      `component:default/${'a'.repeat(64)}`, // a part over 63 characters
      `component:${'n'.repeat(64)}/checkout`,
    ]) {
      const res = await request(server)
        .get(`${BASE}/v1/report`)
        .query({ entityRef });
      expect({ entityRef, status: res.status }).toEqual({
        entityRef,
        status: 400,
      });
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(
        'request/query/entityRef must be a catalog entity reference with a kind',
      );
    }
    const missing = await request(server).get(`${BASE}/v1/report`);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(
      /must have required property 'entityRef'/,
    );
    const repeated = await request(server).get(
      `${BASE}/v1/report?entityRef=component:a&entityRef=component:b`,
    );
    expect(repeated.status).toBe(400);
    expect(service.getReport).toHaveBeenCalledTimes(2);
  });

  it('applies overview defaults and bounds, and refuses non-decimal integers', async () => {
    const defaults = await request(server).get(`${BASE}/v1/overview`);
    expect(defaults.status).toBe(200);
    expect(service.getOverview.mock.calls[0][0]).toEqual({
      offset: 0,
      limit: 50,
    });
    const paged = await request(server)
      .get(`${BASE}/v1/overview`)
      .query({ health: 'error', rule: 'stale-env', offset: '10', limit: '20' });
    expect(paged.status).toBe(200);
    expect(service.getOverview.mock.calls[1][0]).toEqual({
      health: 'error',
      rule: 'stale-env',
      offset: 10,
      limit: 20,
    });

    for (const value of ['1e2', '0x10', '5.0', '05', ' 5', '1_0']) {
      const res = await request(server)
        .get(`${BASE}/v1/overview`)
        .query({ limit: value });
      expect({ value, status: res.status }).toEqual({ value, status: 400 });
      expect(res.body.error.message).toBe(
        "Invalid query parameter 'limit': it must be a whole number written in decimal digits, such as 20",
      );
    }
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ limit: '501' }, /request\/query\/limit must be <= 500/],
      [{ limit: '0' }, /request\/query\/limit must be >= 1/],
      [{ offset: '-1' }, /offset/],
      [{ rule: 'nope' }, /request\/query\/rule must be equal to one of/],
      [{ health: 'red' }, /request\/query\/health/],
      [{ q: 'x'.repeat(201) }, /request\/query\/q must NOT have more than 200/],
      [{ namespace: 'Shop!' }, /must be a Kubernetes namespace name/],
      [
        { owner: 'team a' },
        /request\/query\/owner must be an entity reference/,
      ],
      [{ cluster: 'has space' }, /request\/query\/cluster must be a cluster/],
    ];
    for (const [query, message] of cases) {
      const res = await request(server).get(`${BASE}/v1/overview`).query(query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    expect(service.getOverview).toHaveBeenCalledTimes(2);
  });

  it('validates history queries', async () => {
    const ok = await request(server)
      .get(`${BASE}/v1/history`)
      .query({ cluster: 'demo', namespace: 'shop', name: 'db.creds' });
    expect(ok.status).toBe(200);
    expect(service.getHistory.mock.calls[0][0]).toEqual({
      cluster: 'demo',
      namespace: 'shop',
      name: 'db.creds',
      limit: 100,
    });
    for (const [query, message] of [
      [
        { cluster: 'demo', namespace: 'shop' },
        /must have required property 'name'/,
      ],
      [
        { cluster: 'demo', namespace: 'Shop!', name: 'x' },
        /request\/query\/namespace must be a Kubernetes namespace name/,
      ],
      [
        { cluster: 'demo', namespace: 'shop', name: 'x', limit: '1e2' },
        /'limit': it must be a whole number written in decimal digits/,
      ],
      [
        { cluster: 'demo', namespace: 'shop', name: 'x', limit: '1001' },
        /limit must be <= 1000/,
      ],
      [
        { cluster: 'demo', namespace: 'n'.repeat(64), name: 'x' },
        /namespace must NOT have more than 63 characters/,
      ],
    ] as const) {
      const res = await request(server).get(`${BASE}/v1/history`).query(query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    expect(service.getHistory).toHaveBeenCalledTimes(1);
  });

  it('refuses unknown query parameters the same way on every route', async () => {
    const valid: Record<string, string> = {
      '/v1/report': 'entityRef=component:a',
      '/v1/overview': '',
      '/v1/history': 'cluster=demo&namespace=shop&name=x',
    };
    for (const [path, query] of Object.entries(valid)) {
      const res = await request(server).get(
        `${BASE}${path}?${query}${query ? '&' : ''}colour=red`,
      );
      expect({ path, status: res.status, body: res.body.error }).toEqual({
        path,
        status: 400,
        body: {
          name: 'InputError',
          message: "Unknown query parameter 'colour'",
        },
      });
    }
    const sync = await request(server)
      .post(`${BASE}/v1/sync?colour=red`)
      .send({ cluster: 'demo', namespace: 'shop', name: 'x' });
    expect(sync.status).toBe(400);
    expect(sync.body.error.message).toBe("Unknown query parameter 'colour'");
    expect(service.requestSync).not.toHaveBeenCalled();
  });

  it('validates sync bodies strictly and changes nothing on bad input', async () => {
    const bodies: Array<[unknown, RegExp]> = [
      [
        { cluster: 'demo', namespace: 'shop', name: 'x', extra: 1 },
        /request\/body must NOT have additional properties/,
      ],
      [
        { cluster: 'demo', namespace: 'Shop!', name: 'x' },
        /request\/body\/namespace must be a Kubernetes namespace name/,
      ],
      [
        { cluster: 'demo', namespace: 'shop' },
        /must have required property 'name'/,
      ],
      [
        { cluster: 'demo', namespace: 'shop', name: 'X_Y' },
        /request\/body\/name must be a Kubernetes object name/,
      ],
      [
        { cluster: 42, namespace: 'shop', name: 'x' },
        /request\/body\/cluster must be string/,
      ],
      [['demo'], /request\/body must be object/],
    ];
    for (const [body, message] of bodies) {
      const res = await request(server)
        .post(`${BASE}/v1/sync`)
        .send(body as object);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    const notJson = await request(server)
      .post(`${BASE}/v1/sync`)
      .set('Content-Type', 'application/json')
      .send('{"cluster":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.message).toBe(
      'Invalid request body: it is not valid JSON',
    );
    const form = await request(server)
      .post(`${BASE}/v1/sync`)
      .type('form')
      .send('cluster=demo&namespace=shop&name=x');
    expect(form.status).toBe(400);
    expect(service.requestSync).not.toHaveBeenCalled();
  });

  it('answers 405 with Allow for methods a path does not have', async () => {
    const cases: Array<[string, string, string]> = [
      ['delete', '/v1/report', 'GET'],
      ['post', '/v1/overview', 'GET'],
      ['put', '/v1/history', 'GET'],
      ['get', '/v1/sync', 'POST'],
      ['patch', '/v1/sync', 'POST'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await (request(server) as any)[method](`${BASE}${path}`);
      expect({
        method,
        path,
        status: res.status,
        allow: res.headers.allow,
      }).toEqual({ method, path, status: 405, allow });
      expect(res.body.error.message).toBe(
        `${method.toUpperCase()} is not allowed on ${path}; allowed: ${allow}`,
      );
    }
    const unknown = await request(server).get(`${BASE}/v1/nothing`);
    expect(unknown.status).toBe(404);
  });
});

describe('createRouter: audit, logs and errors', () => {
  const previousNodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = previousNodeEnv;
  });

  it('audits accepted sync requests', async () => {
    const { auditor, events } = auditorMock();
    const server = await startRouter({ service: fakeService(), auditor });
    const res = await request(server)
      .post(`${BASE}/v1/sync`)
      .send({ cluster: 'demo', namespace: 'shop', name: 'db' });
    expect(res.status).toBe(202);
    expect(events).toHaveLength(1);
    expect(events[0].options).toMatchObject({
      eventId: 'external-secret-sync',
      severityLevel: 'medium',
      meta: { cluster: 'demo', namespace: 'shop', name: 'db' },
    });
    expect(events[0].success).toHaveBeenCalledWith({
      meta: {
        annotated: { kind: 'ExternalSecret', name: 'db', namespace: 'shop' },
      },
    });
    expect(events[0].fail).not.toHaveBeenCalled();
  });

  it('audits sync requests refused for bad input or permission', async () => {
    const { auditor, events } = auditorMock();
    const service = fakeService();
    service.requestSync.mockRejectedValueOnce(
      new NotAllowedError('You may not sync this ExternalSecret'),
    );
    const server = await startRouter({ service, auditor });

    const denied = await request(server)
      .post(`${BASE}/v1/sync`)
      .send({ cluster: 'demo', namespace: 'shop', name: 'db' });
    expect(denied.status).toBe(403);
    const bad = await request(server)
      .post(`${BASE}/v1/sync`)
      .send({ cluster: 'demo', namespace: 'Shop!', name: 'db' });
    expect(bad.status).toBe(400);
    const extra = await request(server)
      .post(`${BASE}/v1/sync?dryRun=1`)
      .send({ cluster: 'demo', namespace: 'shop', name: 'db' });
    expect(extra.status).toBe(400);
    const notJson = await request(server)
      .post(`${BASE}/v1/sync`)
      .set('Content-Type', 'application/json')
      .send('nope');
    expect(notJson.status).toBe(400);

    expect(events).toHaveLength(4);
    expect(events.map(e => e.success.mock.calls.length)).toEqual([0, 0, 0, 0]);
    expect(
      events.map(e => e.fail.mock.calls[0][0].error.name as string),
    ).toEqual(['NotAllowedError', 'InputError', 'InputError', 'InputError']);
    expect(events[1].options.meta).toEqual({
      cluster: 'demo',
      namespace: 'Shop!',
      name: 'db',
    });
    expect(service.requestSync).toHaveBeenCalledTimes(1);
  });

  it('never writes a raw newline or ANSI escape from a request into the logs', async () => {
    const { auditor, events } = auditorMock();
    const service = fakeService();
    // A failure whose message carries a request value (the free-text search `q`).
    service.getOverview.mockImplementationOnce(async (query: any) => {
      throw new Error(`search '${query.q}' failed`);
    });
    const server = await startRouter({ service, auditor, logs: true });
    const logs = await captureLogs(async () => {
      const sync = await request(server)
        .post(`${BASE}/v1/sync`)
        .send({ cluster: INJECTED, namespace: 'shop', name: 'db' });
      expect(sync.status).toBe(400);
      const search = await request(server)
        .get(`${BASE}/v1/overview`)
        .query({ q: INJECTED });
      expect(search.status).toBe(500);
      expect(search.body.error.message).not.toContain('FAKE');
    });
    expect(logs.join(' ')).toContain(escapeForLog(INJECTED));
    for (const entry of logs) {
      expect(entry).not.toMatch(RAW_CONTROL);
    }
    // The audit record names the requested cluster, escaped.
    expect(events[0].options.meta.cluster).toBe(escapeForLog(INJECTED));
    expect(events[0].options.meta.cluster).not.toMatch(RAW_CONTROL);
  });

  it('hides internal URLs, causes and stacks of failing dependencies', async () => {
    process.env.NODE_ENV = 'production';
    const service = fakeService();
    const catalogAnswer = new Response(
      JSON.stringify({
        error: {
          name: 'Error',
          message:
            'connect ECONNREFUSED http://catalog.internal:7007/api/catalog',
          stack: 'Error: at /srv/backstage/node_modules/x.js:1:1',
        },
        response: { statusCode: 500 },
      }),
      { status: 500, headers: { 'Content-Type': 'application/json' } },
    );
    service.getReport.mockRejectedValueOnce(
      await ResponseError.fromResponse(catalogAnswer as any),
    );
    const server = await startRouter({ service, logs: true });
    const logs = await captureLogs(async () => {
      const res = await request(server)
        .get(`${BASE}/v1/report`)
        .query({ entityRef: 'component:default/checkout' });
      expect(res.status).toBe(503);
      expect(res.body.error).toEqual({
        name: 'ServiceUnavailableError',
        message:
          'The catalog or permission backend did not answer; try again shortly',
      });
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/catalog\.internal|node_modules|stack|cause/);
    });
    expect(logs.join(' ')).toContain(
      'External Secrets request failed: ResponseError',
    );
  });

  it('answers errors without stacks unless NODE_ENV is development', async () => {
    for (const [nodeEnv, hasStack] of [
      ['production', false],
      ['development', true],
    ] as const) {
      process.env.NODE_ENV = nodeEnv;
      const service = fakeService();
      service.getReport.mockRejectedValueOnce(
        new NotAllowedError('denied by policy'),
      );
      const server = await startRouter({ service });
      const res = await request(server)
        .get(`${BASE}/v1/report`)
        .query({ entityRef: 'component:default/checkout' });
      expect(res.status).toBe(403);
      expect({ nodeEnv, stack: 'stack' in res.body.error }).toEqual({
        nodeEnv,
        stack: hasStack,
      });
    }
  });
});
