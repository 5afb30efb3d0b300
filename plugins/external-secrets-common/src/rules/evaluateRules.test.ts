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
import { evaluateRules } from './evaluateRules';

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

  it('can produce every rule of RULE_IDS', () => {
    const rules = new Set<string>();
    const collect = (overrides: Parameters<typeof context>[0]) =>
      evaluateRules(context(overrides)).findings.forEach(f =>
        rules.add(f.rule),
      );
    const failing = {
      status: 'False' as const,
      reason: 'SecretSyncedError',
      message: null,
      lastTransitionTime: null,
    };
    collect({
      es: esView({ ready: failing, refreshTime: before(86400) }),
      store: undefined,
    });
    collect({ es: esView({ ready: null, creationTimestamp: before(3600) }) });
    collect({ store: { ...context().store!, ready: failing } });
    collect({ targetSecret: undefined });
    collect({
      provider: providerWith(
        awsSecret({
          currentVersionCreatedDate: before(10),
          rotationEnabled: true,
          nextRotationDate: before(86400),
        }),
      ),
    });
    collect({ provider: providerWith(awsSecret({ deletedDate: before(10) })) });
    collect({
      provider: providerWith(awsSecret({ expiresDate: before(-3600) })),
    });
    collect({
      secretChangedAt: before(30),
      workloads: [
        workload({
          readings: [reading({ readsVia: ['env', 'volume', 'subPath'] })],
        }),
      ],
    });
    expect([...rules].sort()).toEqual([...RULE_IDS].sort());
  });
});
