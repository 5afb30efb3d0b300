import { formatAgo } from '../time/formatAgo';
import { parseTime } from '../time/parseTime';
import { PodReading } from '../types/findings';
import { ExternalSecretView } from '../kubernetes/readExternalSecret';
import { ConsumingWorkload, RuleContext } from './types';

/** Longest provider/controller text quoted in a message. */
const MAX_QUOTED = 300;

export function truncate(text: string, max = MAX_QUOTED): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * `Secret "db" last changed 5m ago (<time>)`, or, where the change rests only on ESO's Event (it
 * may have rewritten labels alone), `ESO rewrote Secret "db" 5m ago (<time>)`.
 */
export function secretChangeText(
  context: Pick<
    RuleContext,
    'secretChangedAt' | 'secretChangeEvidence' | 'now'
  >,
  secret: string,
): string {
  const when = `${formatAgo(context.secretChangedAt, context.now)} (${
    context.secretChangedAt
  })`;
  return context.secretChangeEvidence === 'eso-event'
    ? `ESO rewrote Secret "${secret}" ${when}`
    : `Secret "${secret}" last changed ${when}`;
}

/** `a`, `a and b`, `a, b and 3 more`. */
export function listNames(names: string[], max = 3): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length > max)
    return `${names.slice(0, max - 1).join(', ')} and ${
      names.length - max + 1
    } more`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** `deployment/api`, as kubectl names it. */
export function workloadName(workload: { kind: string; name: string }): string {
  return `${workload.kind.toLowerCase()}/${workload.name}`;
}

/** The command that makes ESO sync now (an annotation change); ClusterExternalSecret children are synced through their parent. */
export function forceSyncCommand(es: ExternalSecretView): string {
  return es.clusterExternalSecret
    ? `kubectl annotate clusterexternalsecret ${es.clusterExternalSecret} external-secrets.io/force-sync=$(date +%s) --overwrite`
    : `kubectl annotate externalsecret ${es.name} -n ${es.namespace} force-sync=$(date +%s) --overwrite`;
}

/** How to get a fresh value into a workload's containers, per workload kind. */
export function restartRemedy(
  workload: ConsumingWorkload,
  pods: PodReading[],
): string {
  const { kind, name, namespace } = workload;
  const podNames = [...new Set(pods.map(p => p.pod))].join(' ');
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
      return `kubectl rollout restart ${workloadName(
        workload,
      )} -n ${namespace}`;
    case 'CronJob':
      return `The next scheduled run reads the new value; to rerun now: kubectl create job --from=cronjob/${name} ${name}-rerun-$(date +%s) -n ${namespace}`;
    case 'Job':
      return `Rerun the Job: kubectl delete job ${name} -n ${namespace}, then apply its manifest again`;
    case 'ReplicaSet':
      return `kubectl delete pod ${podNames} -n ${namespace} (the ${
        workload.controller
          ? `${workload.controller.kind} ${workload.controller.name}`
          : 'ReplicaSet'
      } recreates them)`;
    default:
      return workload.controller
        ? `kubectl delete pod ${name} -n ${namespace} (its ${workload.controller.kind} ${workload.controller.name} recreates it)`
        : `kubectl delete pod ${name} -n ${namespace}, then create it again from its manifest (a bare Pod is not recreated)`;
  }
}

/** `<AWS data> as of <time>`: provider listings can lag a change by minutes. */
export function providerAsOf(
  dataName: string,
  refreshedAt: string | undefined,
  now: number,
): string {
  return refreshedAt
    ? `${dataName} as of ${refreshedAt}${
        parseTime(refreshedAt) !== undefined
          ? `, ${formatAgo(refreshedAt, now)}`
          : ''
      }`
    : `${dataName} refresh time unknown`;
}

/** Whether a container started strictly before a change. */
export function startedBefore(reading: PodReading, changeMs: number): boolean {
  const started = parseTime(reading.startedAt);
  return started !== undefined && started < changeMs;
}

/** Whether the ES is not older than the reconcile grace (the time a new ES gets before `not-reconciled`). */
export function withinReconcileGrace(context: RuleContext): boolean {
  const created = parseTime(context.es.creationTimestamp);
  return (
    created !== undefined &&
    (context.now - created) / 1000 <= context.thresholds.reconcileGraceSeconds
  );
}
