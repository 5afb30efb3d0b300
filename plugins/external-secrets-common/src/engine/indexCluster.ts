import { WorkloadKind } from '../types/findings';
import { ClusterObjects, KubeObject } from '../types/kubernetes';
import { parseTime } from '../time/parseTime';
import {
  EXTERNAL_SECRET_API_VERSIONS,
  ExternalSecretView,
  readExternalSecret,
  StoreKind,
} from '../kubernetes/readExternalSecret';
import {
  readSecretStore,
  SecretStoreView,
} from '../kubernetes/readSecretStore';
import {
  indexSecretConsumers,
  SecretConsumer,
} from '../kubernetes/secretConsumers';
import { isRecord, records, str } from '../kubernetes/untrusted';
import { workloadOwner, WorkloadRef } from '../kubernetes/workloadOwner';
import { WarningEvent } from '../rules/types';

/** A container reading a Secret, with the workload its pod belongs to. */
export interface WorkloadConsumer {
  workload: WorkloadRef;
  consumer: SecretConsumer;
}

/** One cluster's objects indexed once for O(1) look-ups per ExternalSecret. */
export interface ClusterIndex {
  /** Deduplicated by namespace/name; v1 wins over v1beta1. */
  externalSecrets: ExternalSecretView[];
  store(
    kind: StoreKind,
    namespace: string,
    name: string,
  ): SecretStoreView | undefined;
  secret(namespace: string, name: string): KubeObject | undefined;
  /** The newest Warning Event recorded on this ExternalSecret. */
  warningEvent(es: ExternalSecretView): WarningEvent | undefined;
  consumers(namespace: string, secretName: string): WorkloadConsumer[];
}

interface ParsedEvent extends WarningEvent {
  uid: string | undefined;
  ms: number;
}

/** The records of one kind; items declaring another kind are skipped. */
function ofKind(list: unknown, kind: string): Record<string, any>[] {
  return records(list).filter(o => o.kind === undefined || o.kind === kind);
}

function metaKey(object: Record<string, any>): string | undefined {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const name = str(metadata.name);
  return name ? `${str(metadata.namespace) ?? ''}/${name}` : undefined;
}

function byNamespacedName(
  list: Record<string, any>[],
): Map<string, KubeObject> {
  const map = new Map<string, KubeObject>();
  for (const object of list) {
    const key = metaKey(object);
    if (key) map.set(key, object);
  }
  return map;
}

/** Warning Events on ExternalSecrets (core/v1 `involvedObject` or events.k8s.io `regarding`), by namespace/name. */
function indexWarningEvents(list: unknown): Map<string, ParsedEvent[]> {
  const events = new Map<string, ParsedEvent[]>();
  for (const event of ofKind(list, 'Event')) {
    const involved = isRecord(event.involvedObject)
      ? event.involvedObject
      : event.regarding;
    if (
      event.type !== 'Warning' ||
      !isRecord(involved) ||
      involved.kind !== 'ExternalSecret'
    )
      continue;
    const metadata = isRecord(event.metadata) ? event.metadata : {};
    const namespace = str(involved.namespace) ?? str(metadata.namespace);
    const name = str(involved.name);
    if (!namespace || !name) continue;
    // Events carry their time in different fields depending on API and recorder: take the newest.
    const series = isRecord(event.series) ? event.series : {};
    const times = [
      event.lastTimestamp,
      series.lastObservedTime,
      event.eventTime,
      event.deprecatedLastTimestamp,
      event.firstTimestamp,
      metadata.creationTimestamp,
    ].filter(t => parseTime(t) !== undefined) as string[];
    const time = times.reduce<string | null>(
      (newest, t) =>
        newest === null || parseTime(t)! > parseTime(newest)! ? t : newest,
      null,
    );
    const key = `${namespace}/${name}`;
    if (!events.has(key)) events.set(key, []);
    events.get(key)!.push({
      uid: str(involved.uid),
      reason: str(event.reason) ?? null,
      message: str(event.message) ?? str(event.note) ?? null,
      time,
      ms: time === null ? -Infinity : parseTime(time)!,
    });
  }
  return events;
}

/** ExternalSecrets by namespace/name, preferring the v1 object when both versions are listed. */
function dedupeExternalSecrets(list: unknown): ExternalSecretView[] {
  const views = new Map<string, ExternalSecretView>();
  for (const object of records(list)) {
    const view = readExternalSecret(object);
    if (!view) continue;
    const key = `${view.namespace}/${view.name}`;
    const existing = views.get(key);
    if (
      !existing ||
      (existing.apiVersion !== EXTERNAL_SECRET_API_VERSIONS[0] &&
        view.apiVersion === EXTERNAL_SECRET_API_VERSIONS[0])
    ) {
      views.set(key, view);
    }
  }
  return [...views.values()];
}

/** Indexes a cluster's objects in linear time. Malformed objects and missing lists are skipped. */
export function indexCluster(
  objects: Partial<ClusterObjects> | undefined,
): ClusterIndex {
  const o: Partial<ClusterObjects> = isRecord(objects) ? objects : {};
  const stores = new Map<string, SecretStoreView>();
  for (const [list, kind] of [
    [o.secretStores, 'SecretStore'],
    [o.clusterSecretStores, 'ClusterSecretStore'],
  ] as const) {
    for (const object of records(list)) {
      const store = readSecretStore(object, kind);
      if (store)
        stores.set(`${kind}/${store.namespace ?? ''}/${store.name}`, store);
    }
  }

  const secrets = byNamespacedName(ofKind(o.secrets, 'Secret'));
  const owners = new Map<WorkloadKind, Map<string, KubeObject>>([
    ['ReplicaSet', byNamespacedName(ofKind(o.replicaSets, 'ReplicaSet'))],
    ['Deployment', byNamespacedName(ofKind(o.deployments, 'Deployment'))],
    ['StatefulSet', byNamespacedName(ofKind(o.statefulSets, 'StatefulSet'))],
    ['DaemonSet', byNamespacedName(ofKind(o.daemonSets, 'DaemonSet'))],
    ['Job', byNamespacedName(ofKind(o.jobs, 'Job'))],
    ['CronJob', byNamespacedName(ofKind(o.cronJobs, 'CronJob'))],
  ]);
  const lookup = (kind: WorkloadKind, namespace: string, name: string) =>
    owners.get(kind)?.get(`${namespace}/${name}`);
  const podConsumers = indexSecretConsumers(ofKind(o.pods, 'Pod'));
  const workloads = new Map<unknown, WorkloadRef | undefined>();
  const workloadOf = (pod: KubeObject) => {
    if (!workloads.has(pod)) workloads.set(pod, workloadOwner(pod, lookup));
    return workloads.get(pod);
  };
  const events = indexWarningEvents(o.events);

  return {
    externalSecrets: dedupeExternalSecrets(o.externalSecrets),
    store: (kind, namespace, name) =>
      stores.get(`${kind}/${kind === 'SecretStore' ? namespace : ''}/${name}`),
    secret: (namespace, name) => secrets.get(`${namespace}/${name}`),
    warningEvent(es) {
      let newest: ParsedEvent | undefined;
      for (const event of events.get(`${es.namespace}/${es.name}`) ?? []) {
        // Events of an earlier object with the same name do not describe this one.
        if (event.uid && es.uid && event.uid !== es.uid) continue;
        if (!newest || event.ms > newest.ms) newest = event;
      }
      return newest
        ? { reason: newest.reason, message: newest.message, time: newest.time }
        : undefined;
    },
    consumers(namespace, secretName) {
      const result: WorkloadConsumer[] = [];
      for (const consumer of podConsumers(namespace, secretName)) {
        const workload = workloadOf(consumer.pod);
        if (workload) result.push({ workload, consumer });
      }
      return result;
    },
  };
}
