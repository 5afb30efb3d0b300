import type { KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import {
  ClusterCredentialError,
  ClusterCredentials,
} from './ClusterCredentials';

const bearer = (token: string): KubernetesCredential => ({
  type: 'bearer token',
  token,
});

describe('ClusterCredentials', () => {
  let now = 0;
  let fetched = 0;
  const fetchCredential = jest.fn(async () => bearer(`t${++fetched}`));
  const credentials = () =>
    new ClusterCredentials(fetchCredential, {
      renewAfterMs: 600_000,
      now: () => now,
    });

  beforeEach(() => {
    now = 0;
    fetched = 0;
    fetchCredential.mockClear();
  });

  it('fetches once for concurrent callers and reuses the credential until it is due', async () => {
    const c = credentials();
    const [a, b] = await Promise.all([c.get(), c.get()]);
    expect(a).toEqual(bearer('t1'));
    expect(b).toBe(a);
    now = 599_999;
    expect(await c.get()).toEqual(bearer('t1'));
    expect(fetchCredential).toHaveBeenCalledTimes(1);
    expect(c.renewal()).toBeUndefined();
  });

  it('renews before it expires', async () => {
    const c = credentials();
    await c.get();
    now = 600_000;
    expect(await c.get()).toEqual(bearer('t2'));
    expect(c.renewal()).toEqual({ at: 600_000, afterRefusal: false });
  });

  it('renews at once after the API server refused it, and says so', async () => {
    const c = credentials();
    await c.get();
    now = 1000;
    c.invalidate();
    c.invalidate();
    expect(await c.get()).toEqual(bearer('t2'));
    expect(await c.get()).toEqual(bearer('t2'));
    expect(c.renewal()).toEqual({ at: 1000, afterRefusal: true });
  });

  it('ignores refusals of requests sent before the last renewal', async () => {
    const c = credentials();
    await c.get();
    now = 1000;
    c.invalidate(500);
    expect(await c.get()).toEqual(bearer('t2'));
    // Another request that started at 500, with t1, is refused only now: t2 stays.
    now = 2000;
    c.invalidate(500);
    expect(await c.get()).toEqual(bearer('t2'));
    c.invalidate(1500);
    expect(await c.get()).toEqual(bearer('t3'));
  });

  it('names a failure to get credentials and tries again on the next request', async () => {
    const failing = jest
      .fn<Promise<KubernetesCredential>, []>()
      .mockRejectedValueOnce(new Error('STS said no'))
      .mockResolvedValueOnce(bearer('ok'));
    const c = new ClusterCredentials(failing);
    const error = await c.get().catch(e => e);
    expect(error).toBeInstanceOf(ClusterCredentialError);
    expect(error.message).toBe('STS said no');
    expect(await c.get()).toEqual(bearer('ok'));
  });
});
