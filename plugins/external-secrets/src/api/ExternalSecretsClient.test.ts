import { mockApis, MockFetchApi } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { ExternalSecretsClient, withoutEmpty } from './ExternalSecretsClient';
import { ExternalSecretsBackendMissingError } from './ExternalSecretsBackendMissingError';

const BASE = 'http://example.com/api/external-secrets';

function jsonResponse(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function setup(respond: (url: string, init?: RequestInit) => Response) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetchApi = new MockFetchApi({
    baseImplementation: async (input: any, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input.url;
      calls.push({ url, init });
      return respond(url, init);
    },
  });
  const client = new ExternalSecretsClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://example.com' }),
    fetchApi,
  });
  return { client, calls };
}

describe('ExternalSecretsClient', () => {
  it('builds the report URL with an encoded entity ref', async () => {
    const { client, calls } = setup(() =>
      jsonResponse(200, { entityRef: 'x' }),
    );
    await client.getReport('component:default/payments');
    expect(calls[0].url).toBe(
      `${BASE}/v1/report?entityRef=component%3Adefault%2Fpayments`,
    );
  });

  it('sends only the overview filters that are set, with paging', async () => {
    const { client, calls } = setup(() => jsonResponse(200, {}));
    await client.getOverview({
      cluster: 'prod',
      health: 'error',
      q: '',
      offset: 40,
      limit: 20,
    });
    expect(calls[0].url).toBe(
      `${BASE}/v1/overview?cluster=prod&health=error&offset=40&limit=20`,
    );
  });

  it('posts sync requests as JSON', async () => {
    const { client, calls } = setup(() => jsonResponse(200, { name: 'db' }));
    await client.sync({ cluster: 'prod', namespace: 'payments', name: 'db' });
    expect(calls[0].url).toBe(`${BASE}/v1/sync`);
    expect(calls[0].init?.method).toBe('POST');
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({
      cluster: 'prod',
      namespace: 'payments',
      name: 'db',
    });
  });

  it('builds the history URL', async () => {
    const { client, calls } = setup(() => jsonResponse(200, { items: [] }));
    await client.getHistory({
      cluster: 'prod',
      namespace: 'payments',
      name: 'db',
      limit: 5,
    });
    expect(calls[0].url).toBe(
      `${BASE}/v1/history?cluster=prod&namespace=payments&name=db&limit=5`,
    );
  });

  it('maps a 404 without a Backstage error body to "backend not installed"', async () => {
    const { client } = setup(
      () =>
        new Response('<html>Not Found</html>', {
          status: 404,
          statusText: 'Not Found',
        }),
    );
    const error = await client
      .getReport('component:default/payments')
      .catch(e => e);
    expect(error).toBeInstanceOf(ExternalSecretsBackendMissingError);
    expect(error.message).toMatch(
      /external-secrets backend plugin is not installed/,
    );
  });

  it('keeps a Backstage NotFoundError as a ResponseError with the server message', async () => {
    const { client } = setup(() =>
      jsonResponse(404, {
        error: {
          name: 'NotFoundError',
          message: 'No entity component:default/nope',
        },
        response: { statusCode: 404 },
      }),
    );
    const error = await client
      .getReport('component:default/nope')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.name).toBe('NotFoundError');
    expect(error.cause.message).toBe('No entity component:default/nope');
  });

  it('surfaces the 400 message of a refused sync', async () => {
    const { client } = setup(() =>
      jsonResponse(400, {
        error: {
          name: 'InputError',
          message:
            'refreshPolicy CreatedOnce ignores annotations; delete the target Secret instead.',
        },
        response: { statusCode: 400 },
      }),
    );
    const error = await client
      .sync({ cluster: 'prod', namespace: 'payments', name: 'db' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.cause.message).toMatch(/CreatedOnce/);
  });
});

describe('ExternalSecretsClient history timeline', () => {
  it('asks for the timeline of one ExternalSecret, with the window in days', async () => {
    const body = { from: 'a', to: 'b', events: [], truncated: false };
    const { client, calls } = setup(() => jsonResponse(200, body));
    await expect(
      client.getTimeline(
        { cluster: 'prod', namespace: 'pay ments', name: 'db' },
        { days: 30 },
      ),
    ).resolves.toEqual(body);
    expect(calls[0].url).toBe(
      `${BASE}/v1/timeline?cluster=prod&namespace=pay%20ments&name=db&days=30`,
    );
    expect(calls[0].init?.method).toBe('GET');
  });

  it('leaves the window to the backend when no days are given', async () => {
    const { client, calls } = setup(() => jsonResponse(200, { points: [] }));
    await client.getFindingsOverTime();
    expect(calls[0].url).toBe(`${BASE}/v1/findings-over-time`);
    await client.getFindingsOverTime({ days: 7 });
    expect(calls[1].url).toBe(`${BASE}/v1/findings-over-time?days=7`);
  });

  it('turns a refused timeline into a ResponseError', async () => {
    const { client } = setup(() =>
      jsonResponse(403, {
        error: { name: 'NotAllowedError', message: 'Forbidden' },
        response: { statusCode: 403 },
      }),
    );
    const error = await client
      .getTimeline({ cluster: 'prod', namespace: 'payments', name: 'db' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
  });

  it('tells a missing backend apart on the new routes too', async () => {
    const { client } = setup(() => new Response('Not Found', { status: 404 }));
    await expect(client.getFindingsOverTime()).rejects.toBeInstanceOf(
      ExternalSecretsBackendMissingError,
    );
  });
});

describe('withoutEmpty', () => {
  it('drops unset values', () => {
    expect(
      withoutEmpty({ a: undefined, b: null, c: '', d: 0, e: 'x' }),
    ).toEqual({ d: 0, e: 'x' });
  });
});
