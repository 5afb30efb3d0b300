import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FindingsOverTimeResponse,
  ServiceReport,
  SyncResponse,
  TimelineResponse,
} from '@eso-health/plugin-external-secrets-common';
import { serviceEntity } from '@eso-health/test-harness';
import request from 'supertest';
import { replayClusterConfig } from './__testUtils__/demoCluster';
import {
  eventually,
  liveBackendFeatures,
  useOrdersCluster,
} from './__testUtils__/ordersCluster';
import { externalSecretsPlugin } from './plugin';

const ref = { cluster: 'demo', namespace: 'payments', name: 'payments-api-db' };

const entities: Entity[] = ['payments-api', 'checkout', 'ledger'].map(name =>
  serviceEntity(name, `group:default/team-${name}`),
);

async function startBackend() {
  const { server } = await startTestBackend({
    features: [
      externalSecretsPlugin,
      mockServices.rootConfig.factory({
        data: {
          externalSecrets: {
            ...replayClusterConfig(),
            history: { retention: { days: 45 } },
            demo: { recordHistory: true },
          },
        },
      }),
      catalogServiceMock.factory({ entities }),
    ],
  });
  return server;
}

/** Polls `fn` until `ok` holds for its answer (bounded by `eventually`). */
const until = <T>(fn: () => Promise<T>, ok: (value: T) => boolean) =>
  eventually(async () => {
    const value = await fn();
    return ok(value) ? value : undefined;
  }, 20_000);

describe('history timeline routes (demo history)', () => {
  it('serves the demo history as a timeline that agrees with the report, and findings over time', async () => {
    const server = await startBackend();
    const timeline: TimelineResponse = (
      await until(
        () =>
          request(server).get('/api/external-secrets/v1/timeline').query(ref),
        res => res.status === 200 && res.body.events.length > 0,
      )
    ).body;
    const report: ServiceReport = (
      await request(server)
        .get('/api/external-secrets/v1/report')
        .query({ entityRef: 'component:default/payments-api' })
    ).body;
    const status = report.externalSecrets.find(e => e.name === ref.name)!;

    expect(timeline.syncs.bucketSeconds).toBe(3600);
    expect(timeline.events.some(e => e.type === 'synced')).toBe(false);
    const syncCount = timeline.syncs.buckets.reduce((n, b) => n + b.count, 0);
    expect(syncCount).toBeGreaterThan(0);
    const types = new Set(timeline.events.map(e => e.type));
    expect(types).toContain('provider-changed');
    expect(types).toContain('health-changed');
    expect(
      timeline.events
        .map(e => e.at)
        .every((at, i, all) => !i || all[i - 1] <= at),
    ).toBe(true);
    // The health segments end in the health the card shows.
    const last = timeline.health[timeline.health.length - 1];
    expect(last).toMatchObject({ to: null, health: status.health });
    // The newest data change is the card's "Secret changed".
    const changes = timeline.events.filter(e => e.type === 'secret-changed');
    expect(status.secretChangedAt).toBeTruthy();
    expect(changes[changes.length - 1].at).toBe(status.secretChangedAt);

    const findings: FindingsOverTimeResponse = (
      await request(server)
        .get('/api/external-secrets/v1/findings-over-time')
        .query({ days: 7 })
    ).body;
    expect(findings.bucketSeconds).toBe(3600);
    expect(findings.since).not.toBeNull();
    expect(findings.points.length).toBeGreaterThan(0);
    expect(findings.points.length).toBeLessThanOrEqual(7 * 24 + 1);

    // Days are bounded; unknown parameters are refused; an unknown ExternalSecret is 404.
    for (const query of [
      { ...ref, days: 91 },
      { ...ref, days: '1e2' },
      { ...ref, extra: 'x' },
    ]) {
      const res = await request(server)
        .get('/api/external-secrets/v1/timeline')
        .query(query);
      expect(res.status).toBe(400);
    }
    expect(
      (
        await request(server)
          .get('/api/external-secrets/v1/findings-over-time')
          .query({ days: 0 })
      ).status,
    ).toBe(400);
    expect(
      (
        await request(server)
          .get('/api/external-secrets/v1/timeline')
          .query({ ...ref, name: 'nope' })
      ).status,
    ).toBe(404);
    expect(
      (
        await request(server)
          .get('/api/external-secrets/v1/timeline')
          .set('Authorization', 'Bearer invalid')
          .query(ref)
      ).status,
    ).toBe(401);
  });
});

describe('sync requests on the timeline (live cluster)', () => {
  const kube = useOrdersCluster();

  it('shows a sync requested through the route as a sync-requested event by the user who asked', async () => {
    const { server } = await startTestBackend({
      features: liveBackendFeatures(kube),
    });
    const ordersDb = {
      cluster: 'live',
      namespace: 'orders',
      name: 'orders-db',
    };
    const alice = mockCredentials.user.header('user:default/alice');
    const timeline = async (): Promise<TimelineResponse> => {
      const res = await request(server)
        .get('/api/external-secrets/v1/timeline')
        .query(ordersDb)
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      return res.body;
    };
    // Listed and evaluated: the timeline knows the ExternalSecret.
    await until(
      () =>
        request(server)
          .get('/api/external-secrets/v1/timeline')
          .query(ordersDb)
          .set('Authorization', alice),
      res => res.status === 200,
    );
    expect(
      (await timeline()).events.filter(e => e.type === 'sync-requested'),
    ).toEqual([]);

    const sync = await request(server)
      .post('/api/external-secrets/v1/sync')
      .set('Authorization', alice)
      .send(ordersDb);
    expect(sync.status).toBe(202);
    const { requestedAt } = sync.body as SyncResponse;

    expect(
      (await timeline()).events.filter(e => e.type === 'sync-requested'),
    ).toEqual([
      {
        ...ordersDb,
        type: 'sync-requested',
        at: requestedAt,
        detail: 'sync requested',
        actor: 'user:default/alice',
      },
    ]);

    // Another backend asking on its own behalf is no user: its request has no actor.
    const byService = await request(server)
      .post('/api/external-secrets/v1/sync')
      .set(
        'Authorization',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:scaffolder'),
          targetPluginId: 'external-secrets',
        }),
      )
      .send(ordersDb);
    expect(byService.status).toBe(202);
    const requested = (await timeline()).events.filter(
      e => e.type === 'sync-requested',
    );
    // (Both may fall in the same millisecond, so their order is not asserted.)
    expect(requested).toHaveLength(2);
    expect(requested.map(e => [e.at, e.actor])).toEqual(
      expect.arrayContaining([
        [requestedAt, 'user:default/alice'],
        [(byService.body as SyncResponse).requestedAt, undefined],
      ]),
    );
  });
});
