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
import {
  eventSubject,
  eventTime,
  isEsoWriteEvent,
} from '../kubernetes/esoEvents';
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
  /** When ESO last wrote this ExternalSecret's target Secret, by its Normal Updated/Created Event. */
  esoWriteTime(es: ExternalSecretView): string | null;
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

interface IndexedEvents {
  /** Warning Events (ESO's errors), by the ExternalSecret's namespace/name. */
  warnings: Map<string, ParsedEvent[]>;
  /** ESO's Normal `Updated`/`Created` Events (it wrote the target Secret), likewise. */
  writes: Map<string, ParsedEvent[]>;
}

/** Events on ExternalSecrets (core/v1 `involvedObject` or events.k8s.io `regarding`), by namespace/name. */
function indexEvents(list: unknown): IndexedEvents {
  const indexed: IndexedEvents = { warnings: new Map(), writes: new Map() };
  for (const event of ofKind(list, 'Event')) {
    const involved = eventSubject(event);
    if (!involved || involved.kind !== 'ExternalSecret') continue;
    let target: Map<string, ParsedEvent[]>;
    if (event.type === 'Warning') target = indexed.warnings;
    else if (isEsoWriteEvent(event)) target = indexed.writes;
    else continue;
    const metadata = isRecord(event.metadata) ? event.metadata : {};
    const namespace = str(involved.namespace) ?? str(metadata.namespace);
    const name = str(involved.name);
    if (!namespace || !name) continue;
    const time = eventTime(event);
    const key = `${namespace}/${name}`;
    if (!target.has(key)) target.set(key, []);
    target.get(key)!.push({
      uid: str(involved.uid),
      reason: str(event.reason) ?? null,
      message: str(event.message) ?? str(event.note) ?? null,
      time,
      ms: time === null ? -Infinity : parseTime(time)!,
    });
  }
  return indexed;
}

/** The newest Event about this ExternalSecret (not about an earlier object of the same name). */
function newestEvent(
  events: Map<string, ParsedEvent[]>,
  es: ExternalSecretView,
): ParsedEvent | undefined {
  let newest: ParsedEvent | undefined;
  for (const event of events.get(`${es.namespace}/${es.name}`) ?? []) {
    if (event.uid && es.uid && event.uid !== es.uid) continue;
    if (!newest || event.ms > newest.ms) newest = event;
  }
  return newest;
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
  const events = indexEvents(o.events);

  return {
    externalSecrets: dedupeExternalSecrets(o.externalSecrets),
    store: (kind, namespace, name) =>
      stores.get(`${kind}/${kind === 'SecretStore' ? namespace : ''}/${name}`),
    secret: (namespace, name) => secrets.get(`${namespace}/${name}`),
    warningEvent(es) {
      const newest = newestEvent(events.warnings, es);
      return newest
        ? { reason: newest.reason, message: newest.message, time: newest.time }
        : undefined;
    },
    esoWriteTime: es => newestEvent(events.writes, es)?.time ?? null,
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
