import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ExternalSecretStatus } from '@eso-health/plugin-external-secrets-common';
import { evaluated } from '../__testUtils__/evaluated';
import { ChangeTracker, DATA_HASH_ANNOTATION } from './ChangeTracker';
import { HistoryStore } from './HistoryStore';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const logger = mockServices.logger.mock();

const secret = (hash: string) => ({
  metadata: {
    namespace: 'shop',
    name: 'db',
    annotations: { [DATA_HASH_ANNOTATION]: hash },
  },
});

/** observeSecret, then the observed change time of each Secret, as the engine reads them. */
function observeSecrets(
  tracker: ChangeTracker,
  cluster: string,
  secrets: Array<{ metadata: { namespace: string; name: string } }>,
  now: Date,
): Record<string, string> {
  const observed: Record<string, string> = {};
  for (const s of secrets) {
    tracker.observeSecret(cluster, s as any, now);
    const at = tracker.secretChangedAt(
      cluster,
      s.metadata.namespace,
      s.metadata.name,
    );
    if (at) observed[`${s.metadata.namespace}/${s.metadata.name}`] = at;
  }
  return observed;
}

/** The stored events of demo/shop/db, newest first (ten unless `query` says otherwise). */
const dbEvents = (
  store: HistoryStore,
  query: Partial<Parameters<HistoryStore['listEvents']>[0]> = {},
) =>
  store.listEvents({
    cluster: 'demo',
    namespace: 'shop',
    name: 'db',
    limit: 10,
    ...query,
  });

describe('ChangeTracker', () => {
  async function setup() {
    const knex = await databases.init('SQLITE_3');
    const store = await HistoryStore.create(
      mockServices.database({ knex, migrations: { skip: false } }),
    );
    return { store, tracker: await ChangeTracker.create(store, logger) };
  }

  it('records syncs, data changes and health changes after the first sight, and survives restarts', async () => {
    const { store, tracker } = await setup();
    const t0 = new Date('2026-11-23T10:00:00Z');
    tracker.recordEvaluation('demo', [evaluated({})], t0);
    await tracker.flush();
    // On first sight only the last sync, at its own time (keyed: a restart cannot repeat it).
    expect((await dbEvents(store)).map(e => [e.type, e.at])).toEqual([
      ['synced', '2026-11-23T10:00:00.000Z'],
    ]);

    const t1 = new Date('2026-11-23T11:00:00Z');
    tracker.recordEvaluation(
      'demo',
      [
        evaluated({
          lastSyncTime: '2026-11-23T11:00:00.000Z',
          secretChangedAt: '2026-11-23T11:00:00.000Z',
          health: 'warning',
          findings: [{ rule: 'stale-env', severity: 'warning', message: 'm' }],
        }),
      ],
      t1,
    );
    await tracker.flush();
    const events = await dbEvents(store);
    expect(events.map(e => e.type).sort()).toEqual([
      'health-changed',
      'secret-changed',
      'synced',
      'synced',
    ]);
    expect(events.find(e => e.type === 'health-changed')).toMatchObject({
      detail: 'healthy → warning (stale-env)',
      health: 'warning',
    });

    // A new tracker over the same database knows the last state: no duplicate events.
    const restarted = await ChangeTracker.create(store, logger);
    restarted.recordEvaluation(
      'demo',
      [
        evaluated({
          lastSyncTime: '2026-11-23T11:00:00.000Z',
          secretChangedAt: '2026-11-23T11:00:00.000Z',
          health: 'warning',
        }),
      ],
      new Date('2026-11-23T11:05:00Z'),
    );
    await restarted.flush();
    expect(await dbEvents(store)).toHaveLength(4);
  });

  it('records a transition once when several replicas observe it', async () => {
    const { store, tracker } = await setup();
    const replica = await ChangeTracker.create(store, logger);
    const t0 = new Date('2026-11-23T10:00:00Z');
    for (const r of [tracker, replica]) {
      r.recordEvaluation('demo', [evaluated({})], t0);
      await r.flush();
    }
    const failing = evaluated({
      health: 'error',
      findings: [{ rule: 'sync-failed', severity: 'error', message: 'm' }],
    });
    // Both replicas see healthy → error, a few milliseconds apart.
    tracker.recordEvaluation(
      'demo',
      [failing],
      new Date('2026-11-23T10:01:00Z'),
    );
    replica.recordEvaluation(
      'demo',
      [failing],
      new Date('2026-11-23T10:01:00.020Z'),
    );
    await Promise.all([tracker.flush(), replica.flush()]);
    const events = await dbEvents(store);
    expect(events.map(e => [e.type, e.detail])).toEqual([
      ['health-changed', 'healthy → error (sync-failed)'],
      ['synced', 'ESO synced from the provider'],
    ]);
  });

  it('writes provider versions, workload restarts and syncs once across replicas and restarts', async () => {
    const { store, tracker } = await setup();
    const replica = await ChangeTracker.create(store, logger);
    const withChanges = (lastSyncTime: string, startedAt: string) => ({
      ...evaluated({ lastSyncTime }),
      changes: {
        providerChanges: [
          {
            key: 'shop/db',
            at: '2026-11-23T09:30:00.000Z',
            evidence: 'version' as const,
          },
        ],
        workloadStarts: [
          { kind: 'Deployment', name: 'api', startedAt, containers: 2 },
        ],
      },
    });
    for (const r of [tracker, replica]) {
      r.recordEvaluation(
        'demo',
        [withChanges('2026-11-23T10:00:00.000Z', '2026-11-23T08:00:00.000Z')],
        new Date('2026-11-23T10:00:30Z'),
      );
    }
    await Promise.all([tracker.flush(), replica.flush()]);
    // The workload rolls out; both replicas and a restarted one see it.
    const restarted = await ChangeTracker.create(store, logger);
    for (const r of [tracker, replica, restarted]) {
      r.recordEvaluation(
        'demo',
        [withChanges('2026-11-23T11:00:00.000Z', '2026-11-23T10:40:00.000Z')],
        new Date('2026-11-23T11:00:30Z'),
      );
    }
    await Promise.all([tracker.flush(), replica.flush(), restarted.flush()]);
    const events = await dbEvents(store, { limit: 20 });
    expect(events.map(e => [e.type, e.at])).toEqual([
      ['synced', '2026-11-23T11:00:00.000Z'],
      ['workload-restarted', '2026-11-23T10:40:00.000Z'],
      ['synced', '2026-11-23T10:00:00.000Z'],
      ['provider-changed', '2026-11-23T09:30:00.000Z'],
      ['workload-restarted', '2026-11-23T08:00:00.000Z'],
    ]);
    expect(events[1].detail).toMatch(/^Deployment api restarted/);
  });

  it('adopts the stored state when its claim fails, so it claims the next change', async () => {
    const { store, tracker } = await setup();
    const replica = await ChangeTracker.create(store, logger);
    /** One evaluation of demo/shop/db at `health`, recorded and flushed by `r`. */
    const record = async (
      r: ChangeTracker,
      health: ExternalSecretStatus['health'],
      at: string,
    ) => {
      r.recordEvaluation('demo', [evaluated({ health })], new Date(at));
      await r.flush();
    };
    await record(tracker, 'healthy', '2026-11-23T10:00:00Z');
    await record(replica, 'healthy', '2026-11-23T10:00:00Z');
    // The replica moves the stored state to warning; this tracker, lagging, sees error directly.
    await record(replica, 'warning', '2026-11-23T10:01:00Z');
    await record(tracker, 'error', '2026-11-23T10:01:10Z');
    // The replica dies; the next change is still recorded, from the stored state.
    await record(tracker, 'healthy', '2026-11-23T10:05:00Z');
    const health = (await dbEvents(store, { types: ['health-changed'] })).map(
      e => e.detail,
    );
    expect(health).toEqual(['warning → healthy', 'healthy → warning']);
  });

  it('reports data-hash changes as observed change times, not the first sight', async () => {
    const { store, tracker } = await setup();
    expect(
      observeSecrets(
        tracker,
        'demo',
        [secret('aaa')],
        new Date('2026-11-23T10:00:00Z'),
      ),
    ).toEqual({});
    expect(
      observeSecrets(
        tracker,
        'demo',
        [secret('aaa')],
        new Date('2026-11-23T10:01:00Z'),
      ),
    ).toEqual({});
    expect(
      observeSecrets(
        tracker,
        'demo',
        [secret('bbb')],
        new Date('2026-11-23T10:02:00Z'),
      ),
    ).toEqual({
      'shop/db': '2026-11-23T10:02:00.000Z',
    });
    await tracker.flush();
    const restarted = await ChangeTracker.create(store, logger);
    expect(
      observeSecrets(
        restarted,
        'demo',
        [secret('bbb')],
        new Date('2026-11-23T10:03:00Z'),
      ),
    ).toEqual({
      'shop/db': '2026-11-23T10:02:00.000Z',
    });
  });

  it("takes ESO's write that carried the hash as the change time, and ignores writes that keep it", async () => {
    const { tracker } = await setup();
    const written = (hash: string, time: string) => ({
      metadata: {
        ...secret(hash).metadata,
        managedFields: [
          { manager: 'externalsecrets.external-secrets.io/db', time },
          { manager: 'kubectl', time: '2026-11-23T11:59:00Z' },
        ],
      },
    });
    const observe = (object: object, at: string) =>
      observeSecrets(tracker, 'demo', [object as any], new Date(at));

    expect(
      observe(written('aaa', '2026-11-23T09:00:00Z'), '2026-11-23T10:00:00Z'),
    ).toEqual({ 'shop/db': '2026-11-23T09:00:00.000Z' });
    // ESO rewrote the Secret for a force-sync annotation: same data, same hash.
    expect(
      observe(written('aaa', '2026-11-23T10:05:00Z'), '2026-11-23T10:06:00Z'),
    ).toEqual({ 'shop/db': '2026-11-23T09:00:00.000Z' });
    expect(
      observe(written('bbb', '2026-11-23T10:10:00Z'), '2026-11-23T10:11:00Z'),
    ).toEqual({ 'shop/db': '2026-11-23T10:10:00.000Z' });
  });
});

describe('ChangeTracker under secrets: none', () => {
  it("keeps the change time ESO's Events gave after they expire, across restarts", async () => {
    const knex = await databases.init('SQLITE_3');
    const database = mockServices.database({
      knex,
      migrations: { skip: false },
    });
    const store = await HistoryStore.create(database);
    const tracker = await ChangeTracker.create(store, logger);
    tracker.recordEvaluation(
      'lab',
      [
        evaluated({
          cluster: 'lab',
          secretChangedAt: '2026-11-23T11:00:00.000Z',
          secretChangeEvidence: 'eso-event',
        }),
      ],
      new Date('2026-11-23T11:00:05Z'),
    );
    await tracker.flush();
    expect(tracker.lastSecretChange('lab', 'shop', 'db')).toBe(
      '2026-11-23T11:00:00.000Z',
    );
    expect(tracker.lastSecretChange('other', 'shop', 'db')).toBeUndefined();

    const restarted = await ChangeTracker.create(
      await HistoryStore.create(database),
      logger,
    );
    expect(restarted.lastSecretChange('lab', 'shop', 'db')).toBe(
      '2026-11-23T11:00:00.000Z',
    );
  });
});
