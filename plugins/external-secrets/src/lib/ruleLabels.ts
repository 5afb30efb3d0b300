import {
  RuleId,
  WorkloadKind,
  SecretReadMode,
} from '@eso-health/plugin-external-secrets-common';

/** Short chip labels; a Record so a new rule id fails type-checking until it has one. */
export const RULE_LABELS: Record<RuleId, string> = {
  'sync-failed': 'Sync failed',
  'not-reconciled': 'Not reconciled',
  'store-missing': 'Store missing',
  'store-not-ready': 'Store not ready',
  'target-missing': 'Target Secret missing',
  'sync-overdue': 'Sync overdue',
  'provider-ahead': 'Provider ahead',
  'provider-secret-missing': 'Provider secret missing',
  'stale-env': 'Stale env vars',
  'stale-subpath': 'Stale subPath mount',
  'volume-propagating': 'Volume propagating',
  'rotation-overdue': 'Rotation overdue',
  'provider-expiring': 'Provider value expiring',
};

/** One line per rule, shown where a rule id appears without a finding (overview page). */
export const RULE_DESCRIPTIONS: Record<RuleId, string> = {
  'sync-failed':
    'The ExternalSecret is not Ready: ESO could not fetch or write the secret.',
  'not-reconciled':
    'No Ready condition after the grace period: the ESO controller is down or does not watch the namespace.',
  'store-missing':
    'The referenced SecretStore or ClusterSecretStore does not exist.',
  'store-not-ready': 'The referenced store is not Ready.',
  'target-missing': 'ESO reports a sync but the target Secret does not exist.',
  'sync-overdue':
    'The last successful sync is more than two refresh intervals old.',
  'provider-ahead': 'The provider holds a newer value than the cluster.',
  'provider-secret-missing':
    'The remote key is absent or scheduled for deletion in the provider.',
  'stale-env':
    'A container reads the Secret as env vars and started before the Secret changed.',
  'stale-subpath':
    'A container mounts the Secret with subPath, which never updates.',
  'volume-propagating':
    'Mounted files are still being refreshed by the kubelet.',
  'rotation-overdue':
    'The provider says rotation is enabled but the next rotation is overdue.',
  'provider-expiring':
    'The provider expires the current value within 7 days, or already did.',
};

/** Readable label for any rule id, including ones newer than this frontend. */
export function ruleLabel(rule: string): string {
  if (rule in RULE_LABELS) return RULE_LABELS[rule as RuleId];
  const words = rule.split('-').filter(Boolean).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const READ_MODE_LABELS: Record<SecretReadMode, string> = {
  env: 'env var (secretKeyRef)',
  envFrom: 'envFrom',
  volume: 'mounted volume',
  subPath: 'subPath mount',
};

export function readModeLabel(mode: SecretReadMode): string {
  return READ_MODE_LABELS[mode] ?? mode;
}

/** `deployment/api`: the form kubectl accepts, so it can be pasted into a command. */
export function workloadLabel(kind: WorkloadKind, name: string): string {
  return `${kind.toLowerCase()}/${name}`;
}
