import { DateTime } from 'luxon';
import { DEFAULT_NOTIFICATIONS, NotificationsConfig } from './config';
import {
  decide,
  NotificationState,
  ObservedFinding,
  planNotifications,
} from './decide';

const REF = 'component:default/ledger';
const T0 = DateTime.fromISO('2026-12-01T10:00:00Z');
const at = (minutes: number) => T0.plus({ minutes }).toJSDate();
const config: NotificationsConfig = { ...DEFAULT_NOTIFICATIONS, enabled: true };

const error: ObservedFinding = {
  rule: 'provider-secret-missing',
  severity: 'error',
  message: 'The provider has no secret prod/ledger/db.',
  remedy: 'Create the secret or fix remoteRef.key.',
  externalSecret: 'prod/ledger/ledger-db',
};
const warning: ObservedFinding = {
  rule: 'stale-sync',
  severity: 'warning',
  message: 'Last synced 3h ago.',
  externalSecret: 'prod/ledger/ledger-api',
};
const info: ObservedFinding = {
  rule: 'no-refresh-interval',
  severity: 'info',
  message: 'refreshInterval is 0.',
  externalSecret: 'prod/ledger/ledger-api',
};
const seen = (...findings: ObservedFinding[]) => ({
  known: true as const,
  findings,
});

/** Runs decide over a sequence of (minute, observation), feeding back the stored state. */
function replay(
  steps: Array<[number, ReturnType<typeof seen> | { known: false }]>,
  cfg = config,
) {
  let state: NotificationState | undefined;
  return steps.map(([minute, observation]) => {
    const decision = decide(state, observation, cfg, at(minute), REF);
    state = decision.state;
    return decision.action;
  });
}

describe('decide', () => {
  it('alerts when an entity turns error, once', () => {
    expect(
      replay([
        [0, seen()],
        [1, seen(error)],
        [2, seen(error)],
        [3, seen(error)],
      ]),
    ).toEqual(['none', 'alert', 'none', 'none']);
  });

  it('carries the finding, its remedy and the count of others', () => {
    const decision = decide(
      undefined,
      seen(warning, error),
      config,
      at(0),
      REF,
    );
    expect(decision).toMatchObject({
      action: 'alert',
      finding: error,
      others: 0, // the warning is not due yet
      state: {
        firing: true,
        notifiedRule: error.rule,
        notifiedSeverity: 'error',
      },
    });
  });

  it('says nothing about a warning shorter than its threshold', () => {
    expect(
      replay([
        [0, seen(warning)],
        [30, seen(warning)],
        [59, seen(warning)],
        [70, seen()],
      ]),
    ).toEqual(['none', 'none', 'none', 'none']);
  });

  it('alerts on a warning that lasted past its threshold', () => {
    expect(
      replay([
        [0, seen(warning)],
        [59, seen(warning)],
        [60, seen(warning)],
        [61, seen(warning)],
      ]),
    ).toEqual(['none', 'none', 'alert', 'none']);
  });

  it('restarts the warning clock when the warning cleared in between', () => {
    expect(
      replay([
        [0, seen(warning)],
        [50, seen()],
        [55, seen(warning)],
        [100, seen(warning)],
        [115, seen(warning)],
      ]),
    ).toEqual(['none', 'none', 'none', 'none', 'alert']);
  });

  it('sends a recovery notice when the finding clears, then nothing', () => {
    expect(
      replay([
        [0, seen(error)],
        [40, seen()],
        [41, seen()],
      ]),
    ).toEqual(['alert', 'recover', 'none']);
  });

  it('decides nothing on an unknown observation and keeps the state', () => {
    expect(
      replay([
        [0, seen(error)],
        [40, { known: false }],
        [41, { known: false }],
        [42, seen(error)],
      ]),
    ).toEqual(['alert', 'none', 'none', 'none']);
  });

  it('updates the alert when a warning escalates to an error', () => {
    expect(
      replay([
        [0, seen(warning)],
        [60, seen(warning)],
        [100, seen(warning, error)],
        [101, seen(error)],
      ]),
    ).toEqual(['none', 'alert', 'alert', 'none']);
  });

  it('rate limits: no second notification within minInterval, the flap is decided later', () => {
    // alert at 0; cleared at 10 (recovery suppressed until 30); back at 20: still firing, no send.
    expect(
      replay([
        [0, seen(error)],
        [10, seen()],
        [20, seen(error)],
        [31, seen(error)],
      ]),
    ).toEqual(['alert', 'none', 'none', 'none']);
    // cleared and still clear once the interval passed: the recovery goes out then.
    expect(
      replay([
        [0, seen(error)],
        [10, seen()],
        [29, seen()],
        [30, seen()],
      ]),
    ).toEqual(['alert', 'none', 'none', 'recover']);
    // a new incident right after a recovery waits for the interval too.
    expect(
      replay([
        [0, seen(error)],
        [30, seen()],
        [35, seen(error)],
        [60, seen(error)],
      ]),
    ).toEqual(['alert', 'recover', 'none', 'alert']);
  });

  it('keeps info findings quiet by default', () => {
    expect(
      replay([
        [0, seen(info)],
        [600, seen(info)],
      ]),
    ).toEqual(['none', 'none']);
  });

  it('follows per-severity and per-rule settings', () => {
    const cfg: NotificationsConfig = {
      ...config,
      severities: {
        ...config.severities,
        info: { enabled: true, afterMs: 0 },
        error: { enabled: true, afterMs: 10 * 60_000 },
      },
      rules: {
        'stale-sync': { enabled: false },
        'no-refresh-interval': { afterMs: 5 * 60_000 },
      },
    };
    expect(
      replay(
        [
          [0, seen(warning)],
          [120, seen(warning)],
        ],
        cfg,
      ),
    ).toEqual(['none', 'none']);
    expect(
      replay(
        [
          [0, seen(info)],
          [4, seen(info)],
          [5, seen(info)],
        ],
        cfg,
      ),
    ).toEqual(['none', 'none', 'alert']);
    expect(
      replay(
        [
          [0, seen(error)],
          [9, seen(error)],
          [10, seen(error)],
        ],
        cfg,
      ),
    ).toEqual(['none', 'none', 'alert']);
  });
});

describe('planNotifications', () => {
  it('caps the notifications of one run, errors first, and forgets entities that left', () => {
    const observations = new Map([
      ['component:default/a', seen({ ...warning })],
      ['component:default/b', seen(error)],
      ['component:default/c', seen(error)],
    ]);
    const states = new Map<string, NotificationState>([
      [
        'component:default/a',
        {
          entityRef: 'component:default/a',
          firing: false,
          since: { 'stale-sync': at(-120).toISOString() },
        },
      ],
      [
        'component:default/gone',
        { entityRef: 'component:default/gone', firing: true, since: {} },
      ],
    ]);
    const { decisions, forget } = planNotifications(
      states,
      observations,
      { ...config, maxPerRun: 2 },
      at(0),
    );
    expect(decisions.map(d => [d.state.entityRef, d.action])).toEqual([
      ['component:default/a', 'none'],
      ['component:default/b', 'alert'],
      ['component:default/c', 'alert'],
    ]);
    // the capped entity keeps its stored state (not firing), so the next run alerts
    expect(decisions[0].state).toMatchObject({
      firing: false,
      since: { 'stale-sync': at(-120).toISOString() },
    });
    expect(forget).toEqual(['component:default/gone']);
  });
});
