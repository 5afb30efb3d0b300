import { Finding, Health, Severity } from '../types/findings';
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

/** Every rule, in the order of RULE_IDS: findings come out in this order. */
const RULES: Rule[] = [
  syncFailed,
  notReconciled,
  storeMissing,
  storeNotReady,
  targetMissing,
  syncOverdue,
  providerAhead,
  providerSecretMissing,
  staleEnv,
  staleSubpath,
  volumePropagating,
  rotationOverdue,
  providerExpiring,
];

const has = (findings: Finding[], severity: Severity) =>
  findings.some(f => f.severity === severity);

/**
 * Runs every rule on one ExternalSecret and derives its health (PRODUCT.md section 4):
 * `error` with any error finding, else `warning` with any warning, else `unknown` when it has
 * no Ready condition yet and is still within the reconcile grace, else `healthy`. Info
 * findings never change health.
 */
export function evaluateRules(context: RuleContext): {
  findings: Finding[];
  health: Health;
} {
  const findings = RULES.flatMap(rule => rule(context));
  let health: Health = 'healthy';
  if (has(findings, 'error')) health = 'error';
  else if (has(findings, 'warning')) health = 'warning';
  else if (!context.es.ready && withinReconcileGrace(context))
    health = 'unknown';
  return { findings, health };
}
