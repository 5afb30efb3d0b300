import {
  awsSecret,
  before,
  context,
  esView,
  providerWith,
} from './testContext';
import { providerAhead } from './providerAhead';

// The fixture ES last synced 600 s before NOW.
const SYNC = 600;

describe('provider-ahead', () => {
  it.each([
    ['changed just before the sync', SYNC + 1, false],
    ['changed exactly at the sync', SYNC, false],
    ['changed just after the sync', SYNC - 1, true],
  ])('with the AWSCURRENT version time: %s → %s', (_label, age, fires) => {
    const secret = awsSecret({
      currentVersionCreatedDate: before(age),
      lastChangedDate: before(age),
    });
    expect(
      providerAhead(context({ provider: providerWith(secret) })),
    ).toHaveLength(fires ? 1 : 0);
  });

  it('does not count a version created inside the whole second ESO recorded its sync in', () => {
    // Kubernetes truncates refreshTime to seconds; Vault keeps nanoseconds.
    const es = esView({ refreshTime: '2024-05-01T11:50:00Z' });
    const within = awsSecret({
      currentVersionCreatedDate: '2024-05-01T11:50:00.048Z',
    });
    expect(
      providerAhead(context({ es, provider: providerWith(within) })),
    ).toEqual([]);
    const after = awsSecret({
      currentVersionCreatedDate: '2024-05-01T11:50:01.000Z',
    });
    expect(
      providerAhead(context({ es, provider: providerWith(after) })),
    ).toHaveLength(1);
  });

  it('prefers the AWSCURRENT version time over LastChangedDate', () => {
    // A tag edit moved LastChangedDate; the value itself is older than the sync.
    const secret = awsSecret({
      currentVersionCreatedDate: before(7200),
      lastChangedDate: before(60),
    });
    expect(providerAhead(context({ provider: providerWith(secret) }))).toEqual(
      [],
    );
  });

  it('words a periodic ES with the next refresh time', () => {
    const secret = awsSecret({ currentVersionCreatedDate: before(300) });
    expect(providerAhead(context({ provider: providerWith(secret) }))).toEqual([
      {
        rule: 'provider-ahead',
        severity: 'warning',
        message: `AWS secret "prod/payments/db" got a new AWSCURRENT version at ${before(
          300,
        )}, after the last sync at ${before(
          600,
        )}, so the cluster holds an older value; the next refresh is due at 2024-05-01T12:50:00.000Z (in 50m) (AWS data as of ${before(
          60,
        )}, 1m ago).`,
        remedy:
          'Force a sync now: kubectl annotate externalsecret payments-db -n payments force-sync=$(date +%s) --overwrite',
      },
    ]);
  });

  it('uses LastChangedDate when no version time is known, and says so', () => {
    const secret = awsSecret({ lastChangedDate: before(300) });
    const [finding] = providerAhead(
      context({ provider: providerWith(secret) }),
    );
    expect(finding.message).toContain(
      `changed at ${before(
        300,
      )} (per LastChangedDate, which also moves on tag, description and rotation-config edits)`,
    );
  });

  it('uses LastChangedDate when the evidence is forced to it (CLI)', () => {
    const secret = awsSecret({
      currentVersionCreatedDate: before(7200),
      lastChangedDate: before(300),
    });
    const [finding] = providerAhead(
      context({ provider: providerWith(secret, 'last-changed-date') }),
    );
    expect(finding.message).toContain('per LastChangedDate');
  });

  it('mentions sync windows and an overdue refresh', () => {
    const secret = awsSecret({ currentVersionCreatedDate: before(300) });
    const es = esView({ refreshTime: before(4000), hasSyncWindows: true });
    const [finding] = providerAhead(
      context({ es, provider: providerWith(secret) }),
    );
    expect(finding.message).toContain(
      'a refresh has been due since 2024-05-01T11:53:20.000Z, subject to its sync windows',
    );
  });

  it.each([
    [
      'CreatedOnce',
      { refreshPolicy: 'CreatedOnce' as const },
      'with refreshPolicy CreatedOnce it will never refresh on its own',
      'kubectl delete secret db-credentials -n payments',
    ],
    [
      'OnChange',
      { refreshPolicy: 'OnChange' as const },
      'with refreshPolicy OnChange it refreshes only when the ExternalSecret itself changes',
      'kubectl annotate externalsecret payments-db',
    ],
    [
      'refreshInterval 0',
      { refreshInterval: 0 },
      'with refreshInterval 0 it will never refresh on its own',
      'kubectl delete secret db-credentials -n payments',
    ],
  ])(
    'is an error when it will never catch up: %s',
    (_label, overrides, next, remedy) => {
      const secret = awsSecret({ currentVersionCreatedDate: before(300) });
      const [finding] = providerAhead(
        context({ es: esView(overrides), provider: providerWith(secret) }),
      );
      expect(finding.severity).toBe('error');
      expect(finding.message).toContain(next);
      expect(finding.remedy).toContain(remedy);
    },
  );

  it('cannot delete a Merge target to recreate it', () => {
    const secret = awsSecret({ currentVersionCreatedDate: before(300) });
    const es = esView({
      refreshPolicy: 'CreatedOnce',
      creationPolicy: 'Merge',
    });
    const [finding] = providerAhead(
      context({ es, provider: providerWith(secret) }),
    );
    expect(finding.remedy).toBe(
      'An annotation change does not make ESO sync here; recreate the ExternalSecret to fetch the current value.',
    );
  });

  it('stays a warning with an unparseable interval', () => {
    const secret = awsSecret({ currentVersionCreatedDate: before(300) });
    const [finding] = providerAhead(
      context({
        es: esView({ refreshInterval: null }),
        provider: providerWith(secret),
      }),
    );
    expect(finding.severity).toBe('warning');
    expect(finding.message).toContain('the next refresh is unknown');
  });

  it.each([
    ['never synced', { es: esView({ refreshTime: null }) }],
    ['no provider context', { provider: undefined }],
    [
      'pending deletion',
      {
        provider: providerWith(
          awsSecret({ lastChangedDate: before(1), deletedDate: before(1) }),
        ),
      },
    ],
    [
      'no dates',
      { provider: providerWith(awsSecret({ lastChangedDate: null })) },
    ],
    [
      'an absent key',
      {
        provider: {
          ...providerWith(awsSecret()),
          keys: [{ key: 'x', lookup: { status: 'not-loaded' as const } }],
        },
      },
    ],
  ])('stays silent with %s', (_label, overrides) => {
    expect(providerAhead(context(overrides))).toEqual([]);
  });
});
