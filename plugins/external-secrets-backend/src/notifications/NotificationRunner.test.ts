import { mockServices } from '@backstage/backend-test-utils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { createTestDatabases } from '../database/__testUtils__/createTestDatabases';
import { openDatabase } from '../database/openDatabase';
import { DEFAULT_NOTIFICATIONS } from './config';
import { NotificationRunner } from './NotificationRunner';
import { NotificationStateStore } from './NotificationStateStore';

const databases = createTestDatabases();

const entity = {
  entityRef: 'component:default/ledger',
  title: 'Ledger',
  owner: 'group:default/team-ledger',
  annotations: {},
};
const observation = {
  known: true as const,
  findings: [
    {
      rule: 'store-not-ready',
      severity: 'error' as const,
      message: 'SecretStore vault is not ready.',
      remedy: 'Fix the store credentials.',
      externalSecret: 'demo/ledger/ledger-db',
    },
  ],
};

describe.each(databases.eachSupportedId())('NotificationRunner on %s', id => {
  async function setup(
    send: NotificationService['send'],
    hasRecipients?: (entityRef: string) => Promise<boolean>,
  ) {
    const knex = await databases.init(id);
    const store = new NotificationStateStore(
      await openDatabase(mockServices.database({ knex })),
    );
    const logger = mockServices.logger.mock();
    const runner = new NotificationRunner({
      config: { ...DEFAULT_NOTIFICATIONS, enabled: true },
      store,
      notifications: { send },
      observe: async () => [{ entity, observation }],
      hasRecipients,
      logger,
    });
    return { runner, store, logger };
  }

  it('sends the alert with its scope, link and remedy, and stores that it did', async () => {
    const send = jest.fn(async () => {});
    const { runner, store } = await setup(send);
    expect(await runner.run()).toEqual({ sent: 1 });
    expect(send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: entity.entityRef },
      payload: {
        title: 'External Secrets error: Ledger (store-not-ready)',
        description:
          'demo/ledger/ledger-db: SecretStore vault is not ready. Remedy: Fix the store credentials.',
        link: '/catalog/default/component/ledger',
        severity: 'high',
        topic: 'external-secrets',
        scope: 'external-secrets:component:default/ledger',
      },
    });
    expect((await store.list()).get(entity.entityRef)).toMatchObject({
      firing: true,
      notifiedRule: 'store-not-ready',
    });
    expect(await runner.run()).toEqual({ sent: 0 });
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('without a notifications backend: warns once, stores nothing, sends once it is back', async () => {
    const send = jest
      .fn<Promise<void>, any[]>()
      .mockRejectedValueOnce(new Error('Request failed with status 404'))
      .mockRejectedValueOnce(new Error('Request failed with status 404'))
      .mockResolvedValue(undefined);
    const { runner, store, logger } = await setup(send);
    expect(await runner.run()).toEqual({ sent: 0 });
    expect(await runner.run()).toEqual({ sent: 0 });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect((await store.list()).get(entity.entityRef)?.firing).toBe(false);
    expect(await runner.run()).toEqual({ sent: 1 });
    expect((await store.list()).get(entity.entityRef)?.firing).toBe(true);
  });

  it('waits while the owner resolves to nobody (a catalog still processing), then sends once', async () => {
    const send = jest.fn(async () => {});
    const reachable = jest
      .fn<Promise<boolean>, [string]>()
      .mockResolvedValueOnce(false)
      .mockRejectedValueOnce(new Error('catalog unavailable'))
      .mockResolvedValue(true);
    const { runner, store, logger } = await setup(send, reachable);
    expect(await runner.run()).toEqual({ sent: 0 });
    expect(await runner.run()).toEqual({ sent: 0 });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(send).not.toHaveBeenCalled();
    const waiting = (await store.list()).get(entity.entityRef);
    expect(waiting).toMatchObject({ firing: false });
    expect(waiting?.since['store-not-ready']).toBeDefined();
    expect(await runner.run()).toEqual({ sent: 1 });
    expect(await runner.run()).toEqual({ sent: 0 });
    expect(send).toHaveBeenCalledTimes(1);
    expect(reachable).toHaveBeenCalledWith(entity.entityRef);
  });
});
