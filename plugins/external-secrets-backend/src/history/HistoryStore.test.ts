import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../database/__testUtils__/createTestDatabases';
import { HistoryStore } from './HistoryStore';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('HistoryStore on %p', databaseId => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    return HistoryStore.create(
      mockServices.database({ knex, migrations: { skip: false } }),
    );
  }

  it('stores events and lists them newest first, limited and per ExternalSecret', async () => {
    const store = await createStore();
    const base = { cluster: 'demo', namespace: 'shop', name: 'db' };
    await store.addEvents([
      {
        ...base,
        type: 'synced',
        at: '2026-11-23T10:00:00.000Z',
        detail: 'first',
      },
      {
        ...base,
        type: 'secret-changed',
        at: '2026-11-23T11:00:00.000Z',
        detail: 'second',
      },
      {
        ...base,
        name: 'other',
        type: 'synced',
        at: '2026-11-23T12:00:00.000Z',
        detail: 'elsewhere',
      },
    ]);
    const events = await store.listEvents({ ...base, limit: 10 });
    expect(events.map(e => [e.type, e.at, e.detail])).toEqual([
      ['secret-changed', '2026-11-23T11:00:00.000Z', 'second'],
      ['synced', '2026-11-23T10:00:00.000Z', 'first'],
    ]);
    expect(await store.listEvents({ ...base, limit: 1 })).toHaveLength(1);
    expect(await store.pruneEvents(new Date('2026-11-23T10:30:00Z'))).toBe(1);
    expect(await store.listEvents({ ...base, limit: 10 })).toHaveLength(1);
  });

  it('moves a last state only from the state it still holds (one replica claims each transition)', async () => {
    const store = await createStore();
    const state = {
      cluster: 'demo',
      namespace: 'shop',
      name: 'db',
      health: 'healthy' as const,
      lastSyncTime: '2026-11-23T10:00:00.000Z',
      secretChangedAt: null,
    };
    await store.addFirstStates([state]);
    // A second replica seeing the same ExternalSecret first keeps the stored row.
    await store.addFirstStates([{ ...state, health: 'error' }]);
    expect(await store.loadLastStates()).toEqual([state]);

    const warning = { ...state, health: 'warning' as const };
    const synced = {
      ...warning,
      lastSyncTime: '2026-11-23T11:00:00.000Z',
      secretChangedAt: '2026-11-23T11:00:00.000Z',
    };
    // Two replicas observe healthy → warning: only the first moves it.
    expect(
      await store.claimTransitions([{ previous: state, next: warning }]),
    ).toEqual([true]);
    expect(
      await store.claimTransitions([{ previous: state, next: warning }]),
    ).toEqual([false]);
    // Nullable times compare as stored, null included.
    expect(
      await store.claimTransitions([
        { previous: warning, next: synced },
        { previous: { ...state, name: 'unknown' }, next: state },
      ]),
    ).toEqual([true, false]);
    expect(await store.loadLastStates()).toEqual([synced]);
  });

  it('upserts secret hashes', async () => {
    const store = await createStore();
    const hash = {
      cluster: 'demo',
      namespace: 'shop',
      name: 'db',
      dataHash: 'a1',
      changedAt: null,
    };
    await store.saveSecretHashes([hash]);
    await store.saveSecretHashes([
      { ...hash, dataHash: 'b2', changedAt: '2026-11-23T11:00:00.000Z' },
    ]);
    expect(await store.loadSecretHashes()).toEqual([
      { ...hash, dataHash: 'b2', changedAt: '2026-11-23T11:00:00.000Z' },
    ]);
  });

  it('writes large batches within the database limits', async () => {
    const store = await createStore();
    const events = Array.from({ length: 1500 }, (_, i) => ({
      cluster: 'demo',
      namespace: 'shop',
      name: 'db',
      type: 'synced' as const,
      at: new Date(Date.UTC(2026, 10, 23, 0, 0, i)).toISOString(),
      detail: `sync ${i}`,
    }));
    await store.addEvents(events);
    const newest = await store.listEvents({
      cluster: 'demo',
      namespace: 'shop',
      name: 'db',
      limit: 1,
    });
    expect(newest[0].detail).toBe('sync 1499');
  });
});
