import net from 'node:net';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import {
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import { ClusterCredentials } from '../../clusters/auth/ClusterCredentials';
import {
  COLLECTIONS,
  FakeKubeApiServer,
} from './__testUtils__/FakeKubeApiServer';
import {
  KubernetesClusterSource,
  KubernetesClusterSourceOptions,
} from './KubernetesClusterSource';
import {
  PARTIAL_OBJECT_METADATA_LIST_ACCEPT,
  PARTIAL_OBJECT_METADATA_WATCH_ACCEPT,
} from './watchedKinds';

const TIMING = {
  backoffInitialMs: 20,
  backoffMaxMs: 100,
  backoffJitter: 0,
  skippedRetryMs: 60_000,
  requestTimeoutMs: 2_000,
  watchConnectTimeoutMs: 2_000,
  watchTimeoutSeconds: [300, 300] as [number, number],
  watchMinMs: 50,
};

/** Polls until `check` returns a truthy value; fails after `timeoutMs`. */
async function waitFor<T>(
  check: () => T,
  what: string,
  timeoutMs = 5_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

function externalSecret(name: string, namespace = 'team-a', version = 'v1') {
  return {
    apiVersion: `external-secrets.io/${version}`,
    kind: 'ExternalSecret',
    metadata: {
      name,
      namespace,
      uid: `uid-${name}`,
      creationTimestamp: '2025-01-01T00:00:00Z',
      managedFields: [{ manager: 'kubectl', operation: 'Update' }],
    },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws' },
      target: { name },
    },
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced' }],
    },
  };
}

const SECRET_VALUE = 'hunter2-super-secret';
const SECRET_VALUE_B64 = Buffer.from(SECRET_VALUE).toString('base64');

function secretWithData(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: {
      name,
      namespace: 'team-a',
      annotations: {
        'reconcile.external-secrets.io/data-hash': 'abc',
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
          stringData: { password: SECRET_VALUE },
        }),
      },
      managedFields: [
        {
          manager: `externalsecrets.external-secrets.io/${name}`,
          operation: 'Update',
          time: '2025-01-02T00:00:00Z',
        },
      ],
    },
    data: { password: SECRET_VALUE_B64 },
    stringData: { password: SECRET_VALUE },
  };
}

function names(objects: Array<{ metadata?: { name?: string } }>): string[] {
  return objects.map(o => o.metadata?.name ?? '').sort();
}

describe('KubernetesClusterSource', () => {
  let server: FakeKubeApiServer;
  const sources: KubernetesClusterSource[] = [];

  const bearer = (token: string): KubernetesCredential => ({
    type: 'bearer token',
    token,
  });
  const cluster = (name: string, url: string) => ({
    name,
    url,
    skipTLSVerify: true,
    authMetadata: { 'kubernetes.io/auth-provider': 'serviceAccount' },
  });

  function makeSource(overrides: Partial<KubernetesClusterSourceOptions> = {}) {
    const source = new KubernetesClusterSource({
      cluster: cluster('test', server.url),
      credentials: new ClusterCredentials(async () => bearer('token-1')),
      logger: mockServices.logger.mock(),
      timing: TIMING,
      startTimeoutMs: 5_000,
      ...overrides,
    });
    sources.push(source);
    return source;
  }

  /** Starts a source and waits until every served kind has an open watch. */
  async function startWatching(source: KubernetesClusterSource, watches = 13) {
    await source.start();
    await waitFor(
      () => server.openWatches() >= watches,
      `${watches} open watches`,
    );
  }

  beforeEach(async () => {
    server = new FakeKubeApiServer();
    await server.start();
  });

  afterEach(async () => {
    await Promise.all(sources.splice(0).map(s => s.stop()));
    await server.stop();
  });

  it('lists every kind at start and serves the objects from memory', async () => {
    server.put(COLLECTIONS.externalSecrets(), externalSecret('db'));
    server.put(COLLECTIONS.clusterExternalSecrets(), {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterExternalSecret',
      metadata: { name: 'shared' },
    });
    server.put(COLLECTIONS.secretStores(), {
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      metadata: { name: 'local', namespace: 'team-a' },
    });
    server.put(COLLECTIONS.clusterSecretStores(), {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: 'aws' },
    });
    server.put(COLLECTIONS.secrets, secretWithData('db'));
    server.put(COLLECTIONS.pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'api-1',
        namespace: 'team-a',
        labels: { app: 'api' },
        ownerReferences: [
          { kind: 'ReplicaSet', name: 'api-5d', controller: true },
        ],
        managedFields: [{ manager: 'kubelet' }],
      },
      spec: {
        containers: [
          {
            name: 'api',
            image: 'api:1',
            env: [
              {
                name: 'PW',
                valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } },
              },
            ],
          },
        ],
        volumes: [{ name: 'creds', secret: { secretName: 'db' } }],
        tolerations: [{ key: 'x' }],
      },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'api', state: { running: { startedAt: 'x' } } },
        ],
      },
    });
    server.put(COLLECTIONS.replicaSets, {
      metadata: {
        name: 'api-5d',
        namespace: 'team-a',
        ownerReferences: [{ kind: 'Deployment', name: 'api' }],
      },
    });
    // One bare object of each workload kind.
    for (const [collection, name, namespace] of [
      [COLLECTIONS.deployments, 'api', 'team-a'],
      [COLLECTIONS.statefulSets, 'db', 'team-a'],
      [COLLECTIONS.daemonSets, 'agent', 'kube-system'],
      [COLLECTIONS.jobs, 'backup-1', 'team-a'],
      [COLLECTIONS.cronJobs, 'backup', 'team-a'],
    ]) {
      server.put(collection, { metadata: { name, namespace } });
    }
    server.put(COLLECTIONS.events, {
      metadata: { name: 'db.1', namespace: 'team-a' },
      type: 'Warning',
      reason: 'UpdateFailed',
      involvedObject: { kind: 'ExternalSecret', name: 'db' },
    });
    server.put(COLLECTIONS.events, {
      metadata: { name: 'db.2', namespace: 'team-a' },
      type: 'Normal',
      reason: 'Updated',
      involvedObject: { kind: 'ExternalSecret', name: 'db' },
    });
    server.put(COLLECTIONS.events, {
      metadata: { name: 'db.3', namespace: 'team-a' },
      type: 'Normal',
      reason: 'Deleted',
      involvedObject: { kind: 'ExternalSecret', name: 'db' },
    });
    const source = makeSource();

    await source.start();

    const objects = source.objects();
    expect(names(objects.externalSecrets)).toEqual(['db']);
    expect(names(objects.clusterExternalSecrets)).toEqual(['shared']);
    expect(names(objects.secretStores)).toEqual(['local']);
    expect(names(objects.clusterSecretStores)).toEqual(['aws']);
    expect(names(objects.secrets)).toEqual(['db']);
    expect(names(objects.pods)).toEqual(['api-1']);
    expect(names(objects.replicaSets)).toEqual(['api-5d']);
    expect(names(objects.deployments)).toEqual(['api']);
    expect(names(objects.statefulSets)).toEqual(['db']);
    expect(names(objects.daemonSets)).toEqual(['agent']);
    expect(names(objects.jobs)).toEqual(['backup-1']);
    expect(names(objects.cronJobs)).toEqual(['backup']);
    // Warnings, and ESO's Normal Updated/Created (the evidence of a rewrite); no other Normal.
    expect(names(objects.events)).toEqual(['db.1', 'db.2']);

    // Built-in list items come without kind/apiVersion: the source fills them in.
    expect(objects.pods[0]).toMatchObject({ apiVersion: 'v1', kind: 'Pod' });
    expect(objects.replicaSets[0]).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
    });
    expect(objects.secrets[0]).toMatchObject({
      apiVersion: 'v1',
      kind: 'Secret',
    });
    // Memory: managedFields only on Secrets; pod spec reduced to what the engine reads.
    expect(objects.pods[0].metadata?.managedFields).toBeUndefined();
    expect(objects.pods[0].spec.tolerations).toBeUndefined();
    expect(
      objects.pods[0].spec.containers[0].env[0].valueFrom.secretKeyRef.name,
    ).toBe('db');
    expect(objects.externalSecrets[0].metadata?.managedFields).toBeUndefined();
    expect(objects.secrets[0].metadata?.managedFields?.[0].manager).toBe(
      'externalsecrets.external-secrets.io/db',
    );

    // Events are asked for with the field selector; every request carries the token.
    const eventList = server
      .requestsTo(COLLECTIONS.events)
      .find(r => r.query.get('watch') !== 'true');
    expect(eventList?.query.get('fieldSelector')).toBe(
      'involvedObject.kind=ExternalSecret',
    );
    expect(
      server.requests.every(r => r.headers.authorization === 'Bearer token-1'),
    ).toBe(true);

    const state = source.state();
    expect(state).toEqual({
      name: 'test',
      status: 'ok',
      lastUpdated: expect.any(String),
    });
    // Cheap to call: the same object until something changes.
    expect(source.objects()).toBe(objects);
  });

  it('applies ADDED, MODIFIED and DELETED watch events and calls the listeners', async () => {
    server.put(COLLECTIONS.externalSecrets(), externalSecret('db'));
    const source = makeSource();
    const listener = jest.fn();
    source.onChange(listener);
    await startWatching(source);
    const before = source.objects();
    listener.mockClear();

    server.put(COLLECTIONS.externalSecrets(), externalSecret('cache'));
    await waitFor(() => source.objects().externalSecrets.length === 2, 'ADDED');
    expect(listener).toHaveBeenCalled();
    expect(source.objects()).not.toBe(before);

    const modified = externalSecret('cache');
    (modified.metadata as any).annotations = { 'force-sync': '1' };
    server.put(COLLECTIONS.externalSecrets(), modified);
    await waitFor(
      () =>
        source
          .objects()
          .externalSecrets.find(
            o => o.metadata?.annotations?.['force-sync'] === '1',
          ),
      'MODIFIED',
    );

    listener.mockClear();
    server.remove(COLLECTIONS.externalSecrets(), 'db', 'team-a');
    await waitFor(
      () => source.objects().externalSecrets.length === 1,
      'DELETED',
    );
    expect(names(source.objects().externalSecrets)).toEqual(['cache']);
    expect(listener).toHaveBeenCalled();

    // Built-in kinds too, with kind/apiVersion filled in from the watch.
    server.put(COLLECTIONS.deployments, {
      metadata: { name: 'api', namespace: 'team-a' },
    });
    await waitFor(
      () => source.objects().deployments.length === 1,
      'deployment ADDED',
    );
    expect(source.objects().deployments[0]).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
    });
    // A Normal event slipping through the selector is not kept.
    server.put(COLLECTIONS.events, {
      metadata: { name: 'x.1', namespace: 'team-a' },
      type: 'Warning',
      involvedObject: { kind: 'ExternalSecret', name: 'cache' },
    });
    await waitFor(() => source.objects().events.length === 1, 'warning event');
    expect(source.state().status).toBe('ok');
  });

  it('relists after a watch ERROR 410 Gone and serves the relisted state', async () => {
    server.put(COLLECTIONS.externalSecrets(), externalSecret('old'));
    const source = makeSource();
    await startWatching(source);
    const listsBefore = server
      .requestsTo(COLLECTIONS.externalSecrets())
      .filter(r => r.query.get('watch') !== 'true').length;

    // Changes the watch never sees (history compacted), then the watches expire.
    server.remove(COLLECTIONS.externalSecrets(), 'old', 'team-a', {
      silent: true,
    });
    server.put(COLLECTIONS.externalSecrets(), externalSecret('new'), {
      silent: true,
    });
    server.expireWatches();

    await waitFor(
      () => names(source.objects().externalSecrets).join() === 'new',
      'relisted state',
    );
    const listsAfter = server
      .requestsTo(COLLECTIONS.externalSecrets())
      .filter(r => r.query.get('watch') !== 'true').length;
    expect(listsAfter).toBe(listsBefore + 1);
    await waitFor(
      () => server.openWatches(COLLECTIONS.externalSecrets()) === 1,
      'watch again',
    );
    expect(source.state().status).toBe('ok');
  });

  it('reopens a watch the server ends, from the last resourceVersion, without relisting', async () => {
    server.put(COLLECTIONS.externalSecrets(), externalSecret('db'));
    const source = makeSource();
    await startWatching(source);
    const requests = () => server.requestsTo(COLLECTIONS.externalSecrets());
    const listCount = requests().filter(
      r => r.query.get('watch') !== 'true',
    ).length;
    const firstWatch = requests().find(r => r.query.get('watch') === 'true')!;
    expect(firstWatch.query.get('resourceVersion')).toMatch(/^\d+$/);
    expect(firstWatch.query.get('allowWatchBookmarks')).toBe('true');
    expect(firstWatch.query.get('timeoutSeconds')).toBe('300');

    server.closeWatches();
    server.put(COLLECTIONS.externalSecrets(), externalSecret('cache'));

    await waitFor(
      () => source.objects().externalSecrets.length === 2,
      'event after re-watch',
    );
    const watches = requests().filter(r => r.query.get('watch') === 'true');
    expect(watches.length).toBe(2);
    expect(watches[1].query.get('resourceVersion')).toBe(
      firstWatch.query.get('resourceVersion'),
    );
    expect(
      requests().filter(r => r.query.get('watch') !== 'true'),
    ).toHaveLength(listCount);
    expect(source.state().status).toBe('ok');
  });

  it('keeps the last objects while the server is away and recovers without a new source', async () => {
    server.put(COLLECTIONS.externalSecrets(), externalSecret('db'));
    const logger = mockServices.logger.mock();
    let clockOffset = 0;
    const source = makeSource({ logger, now: () => Date.now() + clockOffset });
    await startWatching(source);
    const lists = () =>
      server
        .requestsTo(COLLECTIONS.externalSecrets())
        .filter(r => r.query.get('watch') !== 'true').length;
    expect(lists()).toBe(1);

    await server.stop();
    const state = await waitFor(() => {
      const s = source.state();
      return s.status === 'error' ? s : undefined;
    }, 'error state');
    expect(state.error).toMatch(
      /^cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): check the URL and network$/,
    );
    // The state carries the time of the last good data; the error never states an age, the log
    // line adds it in common's one wording.
    expect(state.lastUpdated).not.toBeNull();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^cluster '.*': cannot reach .* \(data is less than a minute old\)$/,
      ),
    );
    // As time passes the data ages, but the time of the last good data stays.
    clockOffset = 5 * 60_000;
    expect(source.state().lastUpdated).toBe(state.lastUpdated);
    expect(source.state().error).toBe(state.error);
    expect(names(source.objects().externalSecrets)).toEqual(['db']);

    // A change made while the backend could not see it is replayed from the resourceVersion.
    server.put(COLLECTIONS.externalSecrets(), externalSecret('cache'));
    await server.start();

    await waitFor(() => source.state().status === 'ok', 'ok again', 10_000);
    await waitFor(
      () => source.objects().externalSecrets.length === 2,
      'replayed change',
      10_000,
    );
    // Resumed the watch from its resourceVersion: no relist was needed.
    expect(lists()).toBe(1);
  });

  it('skips kinds the cluster does not serve and stays ok', async () => {
    server.notServed.add(COLLECTIONS.cronJobs);
    server.esoVersions = null;
    server.put(COLLECTIONS.jobs, {
      metadata: { name: 'backup-1', namespace: 'team-a' },
    });
    const logger = mockServices.logger.mock();
    const source = makeSource({ logger });

    await source.start();

    expect(source.state()).toMatchObject({ status: 'ok' });
    expect(source.objects().cronJobs).toEqual([]);
    expect(source.objects().externalSecrets).toEqual([]);
    expect(names(source.objects().jobs)).toEqual(['backup-1']);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('not watching cronjobs.batch'),
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        'not watching externalsecrets.external-secrets.io',
      ),
    );
    // No list of an ESO kind was attempted: discovery said the group is absent.
    expect(
      server.requests.some(r =>
        r.path.startsWith('/apis/external-secrets.io/'),
      ),
    ).toBe(false);
  });

  it('falls back to external-secrets.io/v1beta1 when discovery serves only that', async () => {
    server.esoVersions = ['v1beta1'];
    server.put(
      COLLECTIONS.externalSecrets('v1beta1'),
      externalSecret('legacy', 'team-a', 'v1beta1'),
    );
    server.put(COLLECTIONS.clusterSecretStores('v1beta1'), {
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ClusterSecretStore',
      metadata: { name: 'aws' },
    });
    const source = makeSource();

    await source.start();

    expect(source.objects().externalSecrets).toEqual([
      expect.objectContaining({
        apiVersion: 'external-secrets.io/v1beta1',
        metadata: expect.objectContaining({ name: 'legacy' }),
      }),
    ]);
    expect(names(source.objects().clusterSecretStores)).toEqual(['aws']);
    expect(
      server.requests.some(r =>
        r.path.startsWith('/apis/external-secrets.io/v1/'),
      ),
    ).toBe(false);
    expect(source.state().status).toBe('ok');

    await source.annotate(
      {
        kind: 'ExternalSecret',
        apiVersion: 'external-secrets.io/v1',
        name: 'legacy',
        namespace: 'team-a',
      },
      { 'force-sync': '1' },
    );
    expect(
      server.requests.filter(r => r.method === 'PATCH').map(r => r.path),
    ).toEqual([
      '/apis/external-secrets.io/v1beta1/namespaces/team-a/externalsecrets/legacy',
    ]);
  });

  /** A source that listed the Secret db, then saw api added by the watch (both with values). */
  async function watchingTwoSecrets() {
    server.put(COLLECTIONS.secrets, secretWithData('db'));
    const source = makeSource();
    await startWatching(source);
    server.put(COLLECTIONS.secrets, secretWithData('api'));
    await waitFor(
      () => source.objects().secrets.length === 2,
      'watched secret',
    );
    return source;
  }

  function expectNoSecretValue(source: KubernetesClusterSource) {
    const text = JSON.stringify(source.objects());
    expect(text).not.toContain(SECRET_VALUE);
    expect(text).not.toContain(SECRET_VALUE_B64);
  }

  it('reads Secrets as metadata only and never keeps a value', async () => {
    const source = await watchingTwoSecrets();

    const secretRequests = server.requestsTo(COLLECTIONS.secrets);
    expect(secretRequests.length).toBeGreaterThanOrEqual(2);
    for (const request of secretRequests) {
      expect(request.headers.accept).toBe(
        request.query.get('watch') === 'true'
          ? PARTIAL_OBJECT_METADATA_WATCH_ACCEPT
          : PARTIAL_OBJECT_METADATA_LIST_ACCEPT,
      );
    }
    expect(secretRequests.some(r => r.query.get('watch') === 'true')).toBe(
      true,
    );
    expectNoSecretValue(source);
    expect(source.objects().secrets[0].metadata?.annotations).toEqual({
      'reconcile.external-secrets.io/data-hash': 'abc',
    });
  });

  it('drops Secret values even when the server ignores the metadata-only request', async () => {
    server.honorPartialMetadata = false;
    const source = await watchingTwoSecrets();

    expectNoSecretValue(source);
    expect(source.objects().secrets.map(s => Object.keys(s).sort())).toEqual([
      ['apiVersion', 'kind', 'metadata'],
      ['apiVersion', 'kind', 'metadata'],
    ]);
  });

  it('annotates an ExternalSecret and a ClusterExternalSecret with a merge patch', async () => {
    server.put(COLLECTIONS.externalSecrets(), externalSecret('db'));
    server.put(COLLECTIONS.clusterExternalSecrets(), {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterExternalSecret',
      metadata: { name: 'shared' },
    });
    const source = makeSource();
    await startWatching(source);

    await source.annotate(
      {
        kind: 'ExternalSecret',
        apiVersion: 'external-secrets.io/v1',
        name: 'db',
        namespace: 'team-a',
      },
      { 'force-sync': '1700000000' },
    );
    await source.annotate(
      {
        kind: 'ClusterExternalSecret',
        apiVersion: 'external-secrets.io/v1',
        name: 'shared',
      },
      { 'external-secrets.io/force-sync': '1700000000' },
    );

    const patches = server.requests.filter(r => r.method === 'PATCH');
    expect(
      patches.map(r => [r.path, r.headers['content-type'], JSON.parse(r.body)]),
    ).toEqual([
      [
        '/apis/external-secrets.io/v1/namespaces/team-a/externalsecrets/db',
        'application/merge-patch+json',
        { metadata: { annotations: { 'force-sync': '1700000000' } } },
      ],
      [
        '/apis/external-secrets.io/v1/clusterexternalsecrets/shared',
        'application/merge-patch+json',
        {
          metadata: {
            annotations: { 'external-secrets.io/force-sync': '1700000000' },
          },
        },
      ],
    ]);
    // The change comes back through the watch.
    await waitFor(
      () =>
        source.objects().externalSecrets[0]?.metadata?.annotations?.[
          'force-sync'
        ] === '1700000000',
      'patched object watched',
    );
  });

  it('maps annotate failures to @backstage/errors', async () => {
    const source = makeSource();
    await source.start();
    const target = {
      kind: 'ExternalSecret' as const,
      apiVersion: 'external-secrets.io/v1',
      name: 'nope',
      namespace: 'team-a',
    };

    await expect(source.annotate(target, { a: 'b' })).rejects.toThrow(
      NotFoundError,
    );

    server.put(COLLECTIONS.externalSecrets(), externalSecret('nope'));
    server.forbidden.add(COLLECTIONS.externalSecrets());
    const forbidden = await source.annotate(target, { a: 'b' }).catch(e => e);
    expect(forbidden).toBeInstanceOf(NotAllowedError);
    expect(forbidden.message).toContain(
      '"patch" verb on externalsecrets.external-secrets.io',
    );

    await server.stop();
    const unreachable = await source.annotate(target, { a: 'b' }).catch(e => e);
    expect(unreachable).toBeInstanceOf(ServiceUnavailableError);
    expect(unreachable.message).toContain('ECONNREFUSED');
  });

  it('says which resource the service account may not list', async () => {
    server.forbidden.add(COLLECTIONS.secrets);
    server.forbidden.add(COLLECTIONS.pods);
    server.put(COLLECTIONS.externalSecrets(), externalSecret('db'));
    const source = makeSource();

    await source.start();

    expect(source.state()).toMatchObject({
      status: 'error',
      error:
        "the backend's identity lacks list/watch on secrets and pods: grant get/list/watch on them in a ClusterRole " +
        'bound to it (examples/rbac)',
    });
    expect(names(source.objects().externalSecrets)).toEqual(['db']);

    // Granted later: recovers on a retry.
    server.forbidden.clear();
    await waitFor(() => source.state().status === 'ok', 'ok after the grant');
  });

  it('reports a cluster that cannot be watched without sending a request', async () => {
    const source = makeSource({
      cluster: cluster('gke', server.url),
      problems: ["cluster 'gke' uses authProvider 'google', which cannot …"],
    });
    await source.start();
    expect(source.state()).toEqual({
      name: 'gke',
      status: 'error',
      error: "cluster 'gke' uses authProvider 'google', which cannot …",
      lastUpdated: null,
    });
    expect(server.requests).toHaveLength(0);
    await expect(
      source.annotate(
        {
          kind: 'ClusterExternalSecret',
          apiVersion: 'external-secrets.io/v1',
          name: 'x',
        },
        {},
      ),
    ).rejects.toThrow(ServiceUnavailableError);
  });

  it('renews credentials the API server refuses and resumes each watch where it stopped, without relisting', async () => {
    server.acceptedTokens.add('token-1');
    server.put(COLLECTIONS.externalSecrets(), externalSecret('db'));
    let issued = 0;
    const source = makeSource({
      credentials: new ClusterCredentials(async () =>
        bearer(`token-${++issued}`),
      ),
    });
    await startWatching(source);
    const lists = () =>
      server.requests.filter(
        r => r.method === 'GET' && r.query.get('watch') !== 'true',
      ).length;
    const listsBefore = lists();

    // The old token expires; the server cuts every watch.
    server.acceptedTokens.clear();
    server.acceptedTokens.add('token-2');
    const requestsBefore = server.requests.length;
    server.closeWatches();
    await waitFor(() => server.openWatches() >= 13, 'watches resumed');
    server.put(COLLECTIONS.externalSecrets(), externalSecret('new'));
    await waitFor(
      () => names(source.objects().externalSecrets).includes('new'),
      'event after renewal',
    );

    const after = server.requests.slice(requestsBefore);
    expect(
      after.filter(r => r.headers.authorization === 'Bearer token-1').length,
    ).toBeGreaterThan(0);
    const resumed = after.filter(
      r =>
        r.query.get('watch') === 'true' &&
        r.headers.authorization === 'Bearer token-2',
    );
    expect(resumed.length).toBeGreaterThanOrEqual(13);
    expect(resumed.every(r => r.query.get('resourceVersion'))).toBe(true);
    expect(lists()).toBe(listsBefore);
    expect(issued).toBe(2);
    expect(source.state()).toMatchObject({
      status: 'ok',
      notice: expect.stringMatching(
        /^the API server refused the credentials at .*; they were renewed and the watches resumed where they stopped$/,
      ),
    });
  });

  it('says so when renewed credentials are refused too', async () => {
    server.acceptedTokens.add('never-issued');
    const source = makeSource();
    await source.start();
    await waitFor(() => source.state().status === 'error', 'error state');
    expect(source.state().error).toContain(
      "rejected the credentials of authProvider 'serviceAccount' (401 Unauthorized), also after renewing them",
    );
  });

  it('reads no Secret at all under secrets: none', async () => {
    server.put(COLLECTIONS.secrets, secretWithData('db'));
    const source = makeSource({
      cluster: { ...cluster('test', server.url), secrets: 'none' },
    });
    await startWatching(source, 12);
    expect(source.objects().secrets).toEqual([]);
    expect(server.requestsTo(COLLECTIONS.secrets)).toHaveLength(0);
    expect(source.state()).toMatchObject({ status: 'ok', secrets: 'none' });
  });

  it('watches each configured namespace, and unknown cluster-scoped kinds are a notice, not an error', async () => {
    server.put(COLLECTIONS.externalSecrets(), externalSecret('a', 'team-a'));
    server.put(COLLECTIONS.externalSecrets(), externalSecret('b', 'team-b'));
    server.put(COLLECTIONS.externalSecrets(), externalSecret('c', 'team-c'));
    server.forbidden.add(COLLECTIONS.clusterSecretStores());
    const source = makeSource({
      cluster: {
        ...cluster('test', server.url),
        namespaces: ['team-a', 'team-b'],
      },
    });
    await source.start();
    await waitFor(
      () => names(source.objects().externalSecrets).length === 2,
      'namespaced lists',
    );
    expect(names(source.objects().externalSecrets)).toEqual(['a', 'b']);
    expect(
      server.requests.some(r =>
        r.path.endsWith('/namespaces/team-b/externalsecrets'),
      ),
    ).toBe(true);
    expect(source.unreadableKinds()).toEqual(['clusterSecretStores']);
    expect(source.state()).toMatchObject({
      status: 'ok',
      notice: expect.stringContaining(
        'clustersecretstores.external-secrets.io cannot be read with a Role in team-a and team-b',
      ),
    });
  });

  it('reads big collections page by page', async () => {
    server.maxPageSize = 2;
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      server.put(COLLECTIONS.pods, { metadata: { name, namespace: 'team-a' } });
    }
    const source = makeSource();
    await source.start();
    expect(names(source.objects().pods)).toEqual(['a', 'b', 'c', 'd', 'e']);
    const lists = server
      .requestsTo(COLLECTIONS.pods)
      .filter(r => r.query.get('watch') !== 'true');
    expect(lists.map(r => r.query.get('continue'))).toEqual([null, '2', '4']);
  });

  it('keeps clusters apart: one unreachable cluster does not affect another', async () => {
    const dead = net.createServer();
    await new Promise<void>(resolve =>
      dead.listen(0, '127.0.0.1', () => resolve()),
    );
    const deadPort = (dead.address() as AddressInfo).port;
    await new Promise(resolve => dead.close(resolve));

    server.put(COLLECTIONS.externalSecrets(), externalSecret('db'));
    const good = makeSource();
    const bad = makeSource({
      cluster: cluster('bad', `http://127.0.0.1:${deadPort}`),
    });
    await Promise.all([good.start(), bad.start()]);

    expect(good.state().status).toBe('ok');
    expect(names(good.objects().externalSecrets)).toEqual(['db']);
    expect(bad.state()).toMatchObject({
      status: 'error',
      error: expect.stringMatching(
        /^cannot reach .* \(ECONNREFUSED\): check the URL and network$/,
      ),
      lastUpdated: null,
    });
  });

  it('bounds start() when the server never answers, and stop() ends the hanging requests', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer(socket => {
      socket.resume(); // read requests (and so see the client close), never answer
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>(resolve =>
      silent.listen(0, '127.0.0.1', () => resolve()),
    );
    try {
      const source = makeSource({
        cluster: cluster(
          'silent',
          `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
        ),
        startTimeoutMs: 300,
      });
      const started = Date.now();
      await source.start();
      expect(Date.now() - started).toBeLessThan(2_000);
      // Nothing listed yet: loading, nothing judged.
      expect(source.state()).toEqual({
        name: 'silent',
        status: 'loading',
        progress: { listed: 0, total: 13 },
        lastUpdated: null,
      });
      expect(source.ready()).toBe(false);
      expect(sockets.size).toBeGreaterThan(0);

      await source.stop();
      await waitFor(() => sockets.size === 0, 'hanging requests closed');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise(resolve => silent.close(resolve));
    }
  });

  it('stop() closes every watch and timer', async () => {
    const source = makeSource();
    await startWatching(source);
    expect(server.openWatches()).toBe(13);

    await source.stop();
    await waitFor(() => server.openWatches() === 0, 'watches closed');

    // Nothing restarts after stop, even when the server goes away and comes back.
    const requests = server.requests.length;
    await server.stop();
    await server.start();
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(server.requests.length).toBe(requests);
  });
});
