import { DEFAULT_THRESHOLDS } from './thresholds';
import { before, context, esView } from './testContext';
import { notReconciled } from './notReconciled';

const grace = DEFAULT_THRESHOLDS.reconcileGraceSeconds;

describe('not-reconciled', () => {
  it.each([
    ['just under the grace', grace - 1, false],
    ['exactly at the grace', grace, false],
    ['just over the grace', grace + 1, true],
    ['long after', 86400, true],
  ])('without Ready, %s → %s', (_label, age, fires) => {
    const findings = notReconciled(
      context({ es: esView({ ready: null, creationTimestamp: before(age) }) }),
    );
    expect(findings.length).toBe(fires ? 1 : 0);
  });

  it('uses the configured grace', () => {
    const es = esView({ ready: null, creationTimestamp: before(100) });
    const thresholds = { ...DEFAULT_THRESHOLDS, reconcileGraceSeconds: 60 };
    expect(notReconciled(context({ es, thresholds }))).toHaveLength(1);
  });

  it('says what to check', () => {
    const [finding] = notReconciled(
      context({ es: esView({ ready: null, creationTimestamp: before(3600) }) }),
    );
    expect(finding).toEqual({
      rule: 'not-reconciled',
      severity: 'error',
      message:
        'ESO has not reconciled this ExternalSecret (no Ready condition, created 1h ago): the external-secrets controller is down or does not watch namespace payments.',
      remedy:
        "Check that the external-secrets controller pods are running and read their logs, and that the controller's namespace scope includes payments.",
    });
  });

  it('fires when the creation time is unknown', () => {
    const [finding] = notReconciled(
      context({ es: esView({ ready: null, creationTimestamp: null }) }),
    );
    expect(finding.message).toContain('(no Ready condition)');
  });

  it('stays silent with any Ready condition', () => {
    expect(notReconciled(context())).toEqual([]);
  });
});
