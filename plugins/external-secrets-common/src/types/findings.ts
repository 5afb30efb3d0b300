/**
 * Every drift rule, spelled exactly as in docs/drift-rules.md.
 *
 * @public
 */
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

/** @public */
export type RuleId = (typeof RULE_IDS)[number];

/** @public */
export type Severity = 'info' | 'warning' | 'error';

/**
 * Severities ranked, most severe highest (sorting findings, choosing the one to alert on).
 *
 * @public
 */
export const SEVERITY_ORDER: Record<Severity, number> = {
  error: 2,
  warning: 1,
  info: 0,
};

/**
 * `unknown`: no Ready condition yet, still inside the reconcile grace, nothing wrong found.
 *
 * @public
 */
export type Health = 'healthy' | 'warning' | 'error' | 'unknown';

/** @public */
export const HEALTH_ORDER: Record<Health, number> = {
  error: 3,
  warning: 2,
  unknown: 1,
  healthy: 0,
};

/**
 * Every health, worst first: the order of the CLI's counts and of the overview's chips and
 * filters.
 *
 * @public
 */
export const HEALTHS_WORST_FIRST: readonly Health[] = (
  Object.keys(HEALTH_ORDER) as Health[]
).sort((a, b) => HEALTH_ORDER[b] - HEALTH_ORDER[a]);

/**
 * How a container reads a Secret.
 *
 * @public
 */
export type SecretReadMode = 'env' | 'envFrom' | 'volume' | 'subPath';

/** @public */
export type WorkloadKind =
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'CronJob'
  | 'Job'
  | 'ReplicaSet'
  | 'Pod';

/**
 * One running container of a pod that reads the Secret.
 *
 * @public
 */
export interface PodReading {
  pod: string;
  container: string;
  /** `containerStatuses[].state.running.startedAt`, ISO; null when the container is not running. */
  startedAt: string | null;
  readsVia: SecretReadMode[];
}

/** @public */
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

/** @public */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** One sentence a person can act on. */
  message: string;
  /** What to do next, when there is something beyond the message. */
  remedy?: string;
  workloads?: FindingWorkload[];
}
