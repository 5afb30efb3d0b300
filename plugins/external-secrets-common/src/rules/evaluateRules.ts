import { Finding, Health, RULE_IDS, RuleId, Severity } from '../types/findings';
import { notReconciled } from './notReconciled';
import { providerAhead } from './providerAhead';
import { providerExpiring } from './providerExpiring';
import { providerSecretMissing } from './providerSecretMissing';
import { rotationOverdue } from './rotationOverdue';
import { staleEnv } from './staleEnv';
import { staleSubpath } from './staleSubpath';
import { storeMissing } from './storeMissing';
import { storeNotReady } from './storeNotReady';
import { syncFailed } from './syncFailed';
import { syncOverdue } from './syncOverdue';
import { targetMissing } from './targetMissing';
import { Rule, RuleContext } from './types';
import { volumePropagating } from './volumePropagating';
import { withinReconcileGrace } from './wording';

/**
 * Every rule by the id of the findings it makes. The type makes it complete; the order findings
 * come out in (causes such as a failed sync before their effects) is RULE_IDS's alone.
 */
export const RULES: Record<RuleId, Rule> = {
  'sync-failed': syncFailed,
  'not-reconciled': notReconciled,
  'store-missing': storeMissing,
  'store-not-ready': storeNotReady,
  'target-missing': targetMissing,
  'sync-overdue': syncOverdue,
  'provider-ahead': providerAhead,
  'provider-secret-missing': providerSecretMissing,
  'stale-env': staleEnv,
  'stale-subpath': staleSubpath,
  'volume-propagating': volumePropagating,
  'rotation-overdue': rotationOverdue,
  'provider-expiring': providerExpiring,
};

const ORDERED_RULES: Rule[] = RULE_IDS.map(id => RULES[id]);

const has = (findings: Finding[], severity: Severity) =>
  findings.some(f => f.severity === severity);

/**
 * Runs every rule on one ExternalSecret and derives its health (docs/drift-rules.md):
 * `error` with any error finding, else `warning` with any warning, else `unknown` when it has
 * no Ready condition yet and is still within the reconcile grace, else `healthy`. Info
 * findings never change health.
 */
export function evaluateRules(context: RuleContext): {
  findings: Finding[];
  health: Health;
} {
  const findings = ORDERED_RULES.flatMap(rule => rule(context));
  let health: Health = 'healthy';
  if (has(findings, 'error')) health = 'error';
  else if (has(findings, 'warning')) health = 'warning';
  else if (!context.es.ready && withinReconcileGrace(context))
    health = 'unknown';
  return { findings, health };
}
