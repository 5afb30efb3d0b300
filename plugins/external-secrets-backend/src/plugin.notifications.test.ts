import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { SchedulerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import request from 'supertest';
import {
  eventually,
  liveClusterConfig,
  ordersEntity,
  putOrdersExternalSecret,
  useOrdersCluster,
} from './__testUtils__/ordersCluster';
import { externalSecretsPlugin } from './plugin';

// The real notifications backend next to ours: the owner of an entity that turns error gets one
// notification, a restart on the same databases does not send it again, and recovery updates it.

const ALICE = 'user:default/alice';
const OWNED: Entity = {
  ...ordersEntity,
  spec: { ...ordersEntity.spec, owner: ALICE },
  relations: [{ type: 'ownedBy', targetRef: ALICE }],
};
const USER: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'alice', namespace: 'default' },
  spec: {},
};
const TASK = 'external-secrets-notifications';

describe('external-secrets notifications', () => {
  const kube = useOrdersCluster();
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'eso-notifications-'));
  });
  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  /** A backend on SQLite files in `directory`, so a second one sees what the first stored. */
  async function start(notifications: object = {}) {
    // Tasks run when the test says so: the mock scheduler instance is its own factory.
    const scheduler = mockServices.scheduler() as SchedulerService & {
      factory: typeof mockServices.scheduler.factory;
    };
    const backend = await startTestBackend({
      features: [
        externalSecretsPlugin,
        notificationsPlugin,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            backend: {
              database: { client: 'better-sqlite3', connection: { directory } },
            },
            externalSecrets: {
              ...liveClusterConfig(kube).externalSecrets,
              notifications: { enabled: true, ...notifications },
            },
          },
        }),
        catalogServiceMock.factory({ entities: [OWNED, USER] }),
        scheduler.factory({ skipTaskRunOnStartup: true }),
      ],
    });
    const list = async () => {
      const res = await request(backend.server)
        .get('/api/notifications/notifications')
        .set('authorization', mockCredentials.user.header(ALICE));
      expect(res.status).toBe(200);
      return res.body.notifications as Array<{
        id: string;
        read: string | null;
        updated: string | null;
        payload: Record<string, string>;
      }>;
    };
    const run = () => scheduler.triggerTask(TASK);
    return { backend, list, run };
  }

  it('notifies the owner once, survives a restart without resending, and recovers', async () => {
    putOrdersExternalSecret(kube, 'orders-db', 'failing');
    const first = await start();
    await first.run();
    const [alert, ...others] = await first.list();
    expect(others).toEqual([]);
    expect(alert.payload).toMatchObject({
      title: expect.stringMatching(/^External Secrets error: orders \(/),
      description: expect.stringContaining('live/orders/orders-db'),
      link: '/catalog/default/component/orders',
      severity: 'high',
      topic: 'external-secrets',
      scope: 'external-secrets:component:default/orders',
    });
    await first.run();
    expect(await first.list()).toHaveLength(1);
    // Read it, so that an update in place would show as unread again.
    await request(first.backend.server)
      .post('/api/notifications/notifications/update')
      .set('authorization', mockCredentials.user.header(ALICE))
      .send({ ids: [alert.id], read: true })
      .expect(200);
    await first.backend.stop();

    const second = await start();
    await second.run();
    const afterRestart = await second.list();
    expect(afterRestart).toHaveLength(1);
    expect(afterRestart[0].read).not.toBeNull();
    expect(afterRestart[0].updated).toBeNull();

    // Recovery is rate limited like any notification (30 minutes by default); lift it.
    await second.backend.stop();
    putOrdersExternalSecret(kube, 'orders-db', 'synced');
    const third = await start({ rateLimit: { minInterval: { seconds: 0 } } });
    await eventually(async () => {
      await third.run();
      const [notification] = await third.list();
      return notification.payload.title.startsWith('External Secrets recovered')
        ? notification
        : undefined;
    });
    const [recovered, ...rest] = await third.list();
    expect(rest).toEqual([]);
    expect(recovered).toMatchObject({
      id: alert.id,
      read: null,
      payload: { severity: 'low', link: '/catalog/default/component/orders' },
    });
    await third.backend.stop();
  });
});
