import { RULE_IDS } from '@eso-health/plugin-external-secrets-common';
import {
  RULE_DESCRIPTIONS,
  RULE_LABELS,
  ruleLabel,
  workloadLabel,
} from './ruleLabels';

describe('ruleLabel', () => {
  it('has a label and a description for every rule id', () => {
    for (const rule of RULE_IDS) {
      expect(RULE_LABELS[rule]).toBeTruthy();
      expect(RULE_DESCRIPTIONS[rule]).toBeTruthy();
      expect(ruleLabel(rule)).toBe(RULE_LABELS[rule]);
    }
  });

  it('makes unknown (newer) rule ids readable', () => {
    expect(ruleLabel('generator-failed')).toBe('Generator failed');
  });

  it('names workloads the way kubectl does', () => {
    expect(workloadLabel('Deployment', 'api')).toBe('deployment/api');
  });
});
