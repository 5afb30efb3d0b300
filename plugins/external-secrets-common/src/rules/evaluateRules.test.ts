import { RULE_IDS } from '../types/findings';
import {
  awsSecret,
  before,
  context,
  esView,
  providerWith,
  reading,
  workload,
} from './testContext';
import { evaluateRules, RULES } from './evaluateRules';

describe('evaluateRules', () => {
  it('is healthy without findings', () => {
    expect(evaluateRules(context())).toEqual({
      findings: [],
      health: 'healthy',
    });
  });

  it('stays healthy with info findings only', () => {
    const result = evaluateRules(
      context({
        secretChangedAt: before(30),
        workloads: [
          workload({ readings: [reading({ readsVia: ['volume'] })] }),
        ],
      }),
    );
    expect(result.findings.map(f => [f.rule, f.severity])).toEqual([
      ['volume-propagating', 'info'],
    ]);
    expect(result.health).toBe('healthy');
  });

  it('is a warning with a warning finding', () => {
    expect(
      evaluateRules(context({ es: esView({ refreshTime: before(86400) }) }))
        .health,
    ).toBe('warning');
  });

  it('is an error with any error finding, and keeps rule order', () => {
    const result = evaluateRules(
      context({
        es: esView({
          refreshTime: before(86400),
          ready: {
            status: 'False',
            reason: 'SecretSyncedError',
            message: 'x',
            lastTransitionTime: null,
          },
        }),
        store: undefined,
        provider: undefined,
      }),
    );
    expect(result.findings.map(f => f.rule)).toEqual([
      'sync-failed',
      'store-missing',
      'sync-overdue',
    ]);
    expect(result.health).toBe('error');
  });

  describe('without a Ready condition', () => {
    it('is unknown within the reconcile grace', () => {
      const es = esView({
        ready: null,
        refreshTime: null,
        creationTimestamp: before(60),
      });
      expect(evaluateRules(context({ es }))).toEqual({
        findings: [],
        health: 'unknown',
      });
    });

    it('is an error (not-reconciled) after the grace', () => {
      const es = esView({
        ready: null,
        refreshTime: null,
        creationTimestamp: before(301),
      });
      expect(evaluateRules(context({ es })).health).toBe('error');
    });

    it('is a warning, not unknown, when young but already drifting', () => {
      const es = esView({ ready: null, creationTimestamp: before(60) });
      const result = evaluateRules(
        context({ es, secretChangedAt: before(600), workloads: [workload()] }),
      );
      expect(result.health).toBe('warning');
    });

    it('is unknown with only info findings', () => {
      const es = esView({ ready: null, creationTimestamp: before(60) });
      const result = evaluateRules(
        context({
          es,
          secretChangedAt: before(30),
          workloads: [
            workload({ readings: [reading({ readsVia: ['volume'] })] }),
          ],
        }),
      );
      expect(result.health).toBe('unknown');
    });
  });

  // Contexts that, between them, make every rule fire (several at once in some).
  const failing = {
    status: 'False' as const,
    reason: 'SecretSyncedError',
    message: null,
    lastTransitionTime: null,
  };
  const firing = (): Array<Parameters<typeof context>[0]> => [
    {
      es: esView({ ready: failing, refreshTime: before(86400) }),
      store: undefined,
    },
    { es: esView({ ready: null, creationTimestamp: before(3600) }) },
    { store: { ...context().store!, ready: failing } },
    { targetSecret: undefined },
    {
      provider: providerWith(
        awsSecret({
          currentVersionCreatedDate: before(10),
          rotationEnabled: true,
          nextRotationDate: before(86400),
        }),
      ),
    },
    { provider: providerWith(awsSecret({ deletedDate: before(10) })) },
    { provider: providerWith(awsSecret({ expiresDate: before(-3600) })) },
    {
      secretChangedAt: before(30),
      workloads: [
        workload({
          readings: [reading({ readsVia: ['env', 'volume', 'subPath'] })],
        }),
      ],
    },
  ];

  it('can produce every rule of RULE_IDS', () => {
    const rules = new Set(
      firing().flatMap(overrides =>
        evaluateRules(context(overrides)).findings.map(f => f.rule),
      ),
    );
    expect([...rules].sort()).toEqual([...RULE_IDS].sort());
  });

  it('lists findings in the order of RULE_IDS, the one place rules are ordered', () => {
    for (const overrides of firing()) {
      const order = evaluateRules(context(overrides)).findings.map(f =>
        RULE_IDS.indexOf(f.rule),
      );
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
    // The context that fires most rules at once, so the check above is not vacuous.
    const most = Math.max(
      ...firing().map(
        overrides => evaluateRules(context(overrides)).findings.length,
      ),
    );
    expect(most).toBeGreaterThanOrEqual(3);
  });

  it('files every rule under the id of the findings it makes', () => {
    for (const overrides of firing()) {
      for (const id of RULE_IDS) {
        for (const finding of RULES[id](context(overrides))) {
          expect(finding.rule).toBe(id);
        }
      }
    }
  });
});
