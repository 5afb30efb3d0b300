import { DEFAULT_THRESHOLDS } from './thresholds';
import { before, context, esView } from './testContext';
import { syncOverdue } from './syncOverdue';

// Default limit for a 1h interval: 2 × 3600 + 60 = 7260 s.
const LIMIT = 7260;

describe('sync-overdue', () => {
  it.each([
    ['just under the limit', LIMIT - 1, false],
    ['exactly at the limit', LIMIT, false],
    ['just over the limit', LIMIT + 1, true],
  ])('%s → %s', (_label, age, fires) => {
    expect(
      syncOverdue(context({ es: esView({ refreshTime: before(age) }) })),
    ).toHaveLength(fires ? 1 : 0);
  });

  it('words the finding', () => {
    expect(
      syncOverdue(
        context({ es: esView({ refreshTime: '2024-05-01T08:00:00Z' }) }),
      ),
    ).toEqual([
      {
        rule: 'sync-overdue',
        severity: 'warning',
        message:
          'Last successful sync was 4h ago (2024-05-01T08:00:00Z), more than 2 × the 1h refresh interval + 1m: the Secret may hold an old value.',
        remedy:
          'Check that the external-secrets controller is running and not overloaded, then force a sync: kubectl annotate externalsecret payments-db -n payments force-sync=$(date +%s) --overwrite',
      },
    ]);
  });

  it('points at the sync error when Ready is False', () => {
    const es = esView({
      refreshTime: before(86400),
      ready: {
        status: 'False',
        reason: 'SecretSyncedError',
        message: null,
        lastTransitionTime: null,
      },
    });
    expect(syncOverdue(context({ es }))[0].remedy).toMatch(
      /^Fix the sync error/,
    );
  });

  it('uses the configured factor and margin', () => {
    const thresholds = {
      ...DEFAULT_THRESHOLDS,
      syncOverdueFactor: 1,
      syncOverdueMarginSeconds: 0,
    };
    const es = esView({ refreshInterval: 600, refreshTime: before(601) });
    expect(syncOverdue(context({ es, thresholds }))).toHaveLength(1);
    expect(
      syncOverdue(
        context({ es: { ...es, refreshTime: before(600) }, thresholds }),
      ),
    ).toHaveLength(0);
  });

  it.each([
    ['refreshPolicy CreatedOnce', { refreshPolicy: 'CreatedOnce' as const }],
    ['refreshPolicy OnChange', { refreshPolicy: 'OnChange' as const }],
    ['refreshInterval 0', { refreshInterval: 0 }],
    ['an unparseable interval', { refreshInterval: null }],
    ['sync windows', { hasSyncWindows: true }],
    ['never synced', { refreshTime: null }],
    ['a garbage refreshTime', { refreshTime: 'yesterday' }],
  ])('stays silent with %s', (_label, overrides) => {
    expect(
      syncOverdue(
        context({ es: esView({ refreshTime: before(86400), ...overrides }) }),
      ),
    ).toEqual([]);
  });
});
