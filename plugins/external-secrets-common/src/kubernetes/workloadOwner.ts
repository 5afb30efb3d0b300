import { WorkloadKind } from '../types/findings';
import { KubeObject } from '../types/kubernetes';
import { isRecord, records, str } from './untrusted';

/** @public */
export interface WorkloadRef {
  kind: WorkloadKind;
  name: string;
  namespace: string;
  /** The workload object (for annotations and labels) when it is among the cluster objects. */
  object?: KubeObject;
  /**
   * The controller of the top object when it is not a kind this package follows (an
   * operator's custom resource, a Node for a static pod): it recreates deleted pods.
   */
  controller?: { kind: string; name: string };
}

/**
 * Finds an owner object by kind, namespace and name; undefined when it is not available.
 *
 * @public
 */
export type OwnerLookup = (
  kind: WorkloadKind,
  namespace: string,
  name: string,
) => KubeObject | undefined;

interface Owner {
  kind: string;
  name: string;
}

/** The controlling owner reference, else the first usable one. */
function ownerOf(object: unknown): Owner | undefined {
  const metadata = isRecord(object) ? object.metadata : undefined;
  const refs = records(
    isRecord(metadata) ? metadata.ownerReferences : undefined,
  ).filter(ref => str(ref.kind) && str(ref.name));
  const ref = refs.find(r => r.controller === true) ?? refs[0];
  return ref ? { kind: ref.kind, name: ref.name } : undefined;
}

const DIRECT_KINDS = new Set<string>([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'CronJob',
]);

/**
 * Names the workload a pod belongs to by following ownerReferences: Pod → ReplicaSet →
 * Deployment, Pod → Job → CronJob, Pod → StatefulSet/DaemonSet, or the bare Pod. When a
 * ReplicaSet or Job object is not available, the owner reference itself is the answer (its
 * own owner cannot be known). Returns undefined for a pod without name or namespace.
 *
 * @public
 */
export function workloadOwner(
  pod: unknown,
  lookup: OwnerLookup,
): WorkloadRef | undefined {
  const metadata = isRecord(pod) ? pod.metadata : undefined;
  const podName = isRecord(metadata) ? str(metadata.name) : undefined;
  const namespace = isRecord(metadata) ? str(metadata.namespace) : undefined;
  if (!podName || !namespace) return undefined;

  const ref = (
    kind: WorkloadKind,
    name: string,
    controller?: Owner,
  ): WorkloadRef => ({
    kind,
    name,
    namespace,
    object: lookup(kind, namespace, name),
    ...(controller ? { controller } : {}),
  });

  const owner = ownerOf(pod);
  if (!owner)
    return { kind: 'Pod', name: podName, namespace, object: pod as KubeObject };
  if (DIRECT_KINDS.has(owner.kind))
    return ref(owner.kind as WorkloadKind, owner.name);

  const chains: Record<string, WorkloadKind> = {
    ReplicaSet: 'Deployment',
    Job: 'CronJob',
  };
  const parentKind = chains[owner.kind];
  if (parentKind) {
    const middle = lookup(owner.kind as WorkloadKind, namespace, owner.name);
    const top = middle ? ownerOf(middle) : undefined;
    if (top?.kind === parentKind) return ref(parentKind, top.name);
    return ref(owner.kind as WorkloadKind, owner.name, top);
  }
  return {
    kind: 'Pod',
    name: podName,
    namespace,
    object: pod as KubeObject,
    controller: owner,
  };
}
