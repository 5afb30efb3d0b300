/** Every drift rule, spelled exactly as in docs/drift-rules.md. */
export const RULE_IDS = [
  'sync-failed',
  'not-reconciled',
  'store-missing',
  'store-not-ready',
  'target-missing',
  'sync-overdue',
  'provider-ahead',
  'provider-secret-missing',
  'stale-env',
  'stale-subpath',
  'volume-propagating',
  'rotation-overdue',
  'provider-expiring',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export type Severity = 'info' | 'warning' | 'error';

/** Severities ranked, most severe highest (sorting findings, choosing the one to alert on). */
export const SEVERITY_ORDER: Record<Severity, number> = {
  error: 2,
  warning: 1,
  info: 0,
};

/** `unknown`: no Ready condition yet, still inside the reconcile grace, nothing wrong found. */
export type Health = 'healthy' | 'warning' | 'error' | 'unknown';

export const HEALTH_ORDER: Record<Health, number> = {
  error: 3,
  warning: 2,
  unknown: 1,
  healthy: 0,
};

/** How a container reads a Secret. */
export type SecretReadMode = 'env' | 'envFrom' | 'volume' | 'subPath';

export type WorkloadKind =
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'CronJob'
  | 'Job'
  | 'ReplicaSet'
  | 'Pod';

/** One running container of a pod that reads the Secret. */
export interface PodReading {
  pod: string;
  container: string;
  /** `containerStatuses[].state.running.startedAt`, ISO; null when the container is not running. */
  startedAt: string | null;
  readsVia: SecretReadMode[];
}

export interface FindingWorkload {
  kind: WorkloadKind;
  name: string;
  namespace: string;
  /** True when Stakater Reloader is expected to restart this workload on a Secret change. */
  reloader: boolean;
  pods: PodReading[];
  /** The concrete command or step that clears the finding for this workload. */
  remedy: string;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** One sentence a person can act on. */
  message: string;
  /** What to do next, when there is something beyond the message. */
  remedy?: string;
  workloads?: FindingWorkload[];
}
