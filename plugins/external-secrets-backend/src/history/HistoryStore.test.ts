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

  it('stores a keyed event once, with its health and actor', async () => {
    const store = await createStore();
    const base = { cluster: 'demo', namespace: 'shop', name: 'db' };
    const synced = {
      ...base,
      type: 'synced' as const,
      at: '2026-11-23T10:00:00.000Z',
      detail: 'ESO synced from the provider',
      key: '2026-11-23T10:00:00.000Z',
    };
    await store.addEvents([synced, synced]);
    await store.addEvents([
      synced,
      {
        ...base,
        type: 'health-changed',
        at: '2026-11-23T10:01:00.000Z',
        detail: 'healthy → error',
        health: 'error',
      },
      {
        ...base,
        type: 'sync-requested',
        at: '2026-11-23T10:02:00.000Z',
        detail: 'sync requested',
        actor: 'user:default/jane',
      },
    ]);
    const events = await store.listEvents({ ...base, limit: 10 });
    expect(events.map(e => [e.type, e.health, e.actor])).toEqual([
      ['sync-requested', undefined, 'user:default/jane'],
      ['health-changed', 'error', undefined],
      ['synced', undefined, undefined],
    ]);
    expect(await store.hasEvents(base)).toBe(true);
    expect(await store.hasEvents({ ...base, name: 'other' })).toBe(false);
  });

  it('answers a timeline window: events but syncs, syncs counted per bucket by the database', async () => {
    const store = await createStore();
    const base = { cluster: 'demo', namespace: 'shop', name: 'db' };
    const start = Date.parse('2026-11-01T00:00:00Z');
    // A sync every minute for three hours, and one before the window.
    const syncs = Array.from({ length: 180 }, (_, i) => {
      const at = new Date(start + i * 60_000).toISOString();
      return { ...base, type: 'synced' as const, at, detail: 's', key: at };
    });
    await store.addEvents([
      ...syncs,
      { ...base, type: 'synced', at: '2026-10-30T00:00:00.000Z', detail: 's' },
      ...[1, 2, 3].map(h => ({
        ...base,
        type: 'health-changed' as const,
        at: new Date(start + h * 3_600_000 - 1000).toISOString(),
        detail: `change ${h}`,
        health: h % 2 ? ('error' as const) : ('healthy' as const),
      })),
    ]);
    const timeline = await store.timeline({
      ...base,
      from: new Date('2026-10-31T00:00:00Z'),
      to: new Date('2026-11-02T00:00:00Z'),
      limit: 2,
      bucketSeconds: 3600,
    });
    expect(timeline.syncs).toEqual([
      { at: '2026-11-01T00:00:00.000Z', count: 60 },
      { at: '2026-11-01T01:00:00.000Z', count: 60 },
      { at: '2026-11-01T02:00:00.000Z', count: 60 },
    ]);
    // The newest two, oldest first.
    expect(timeline.truncated).toBe(true);
    expect(timeline.events.map(e => e.detail)).toEqual([
      'change 2',
      'change 3',
    ]);

    const changes = await store.healthChanges({
      ...base,
      from: new Date('2026-11-01T01:30:00Z'),
      limit: 10,
    });
    // The last change before the window, then those in it.
    expect(changes.map(e => e.detail)).toEqual([
      'change 1',
      'change 2',
      'change 3',
    ]);
  });

  it('upserts hourly findings samples and sums them per hour, for the visible ExternalSecrets', async () => {
    const store = await createStore();
    const hour = (h: number) =>
      new Date(Date.parse('2026-11-23T00:00:00Z') + h * 3_600_000);
    const db = { cluster: 'demo', namespace: 'shop', name: 'db' };
    const api = { cluster: 'demo', namespace: 'pay', name: 'api' };
    await store.saveFindingsSamples(hour(0), [
      { ...db, error: 1, warning: 0, info: 0 },
    ]);
    // A second run (or replica) in the same hour replaces the row.
    await store.saveFindingsSamples(hour(0), [
      { ...db, error: 1, warning: 1, info: 0 },
      { ...api, error: 0, warning: 2, info: 1 },
    ]);
    await store.saveFindingsSamples(hour(1), [
      { ...db, error: 2, warning: 0, info: 0 },
      { ...api, error: 0, warning: 1, info: 0 },
    ]);
    await store.removeFindingsSamples(hour(1), [db]);

    expect(await store.findingsOverTime(hour(0))).toEqual({
      since: '2026-11-23T00:00:00.000Z',
      points: [
        { at: '2026-11-23T00:00:00.000Z', error: 1, warning: 3, info: 1 },
        { at: '2026-11-23T01:00:00.000Z', error: 2, warning: 0, info: 0 },
      ],
    });
    expect(
      (await store.findingsOverTime(hour(0), ref => ref.name === 'api')).points,
    ).toEqual([
      { at: '2026-11-23T00:00:00.000Z', error: 0, warning: 2, info: 1 },
    ]);
    expect(await store.pruneFindings(hour(1))).toBe(2);
    expect((await store.findingsOverTime(hour(0))).since).toBe(
      '2026-11-23T01:00:00.000Z',
    );
  });
});
