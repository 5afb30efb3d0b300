import { ClusterObjectKind, KubeObject } from '../types/kubernetes';
import { isRecord } from './untrusted';

/**
 * Written by `kubectl apply`; on a Secret it holds the applied values in clear text.
 *
 * @public
 */
export const LAST_APPLIED_ANNOTATION =
  'kubectl.kubernetes.io/last-applied-configuration';

const WORKLOADS = new Set<ClusterObjectKind>([
  'replicaSets',
  'deployments',
  'statefulSets',
  'daemonSets',
  'jobs',
  'cronJobs',
]);

type AnyRecord = Record<string, any>;

/** Of a managedFields entry, what the engine reads: who wrote, how, and when (not `fieldsV1`). */
function slimManagedField(entry: unknown): unknown {
  if (!isRecord(entry)) return entry;
  const { manager, operation, time } = entry;
  return { manager, operation, time };
}

/** Keeps what `secretConsumers` reads of a container: name, env references, envFrom and mounts. */
function slimContainer(container: unknown): unknown {
  if (!isRecord(container)) return container;
  const slim: AnyRecord = { name: container.name };
  if (typeof container.image === 'string') slim.image = container.image;
  if (Array.isArray(container.env)) {
    // Plain `value`s are dropped: only `valueFrom` references matter, and values may be sensitive.
    slim.env = container.env.map((env: unknown) =>
      isRecord(env)
        ? {
            name: env.name,
            ...(env.valueFrom ? { valueFrom: env.valueFrom } : {}),
          }
        : env,
    );
  }
  if (container.envFrom !== undefined) slim.envFrom = container.envFrom;
  if (container.volumeMounts !== undefined)
    slim.volumeMounts = container.volumeMounts;
  return slim;
}

function slimContainerStatus(status: unknown): unknown {
  if (!isRecord(status)) return status;
  const { name, ready, started, restartCount, state } = status;
  return { name, ready, started, restartCount, state };
}

function slimPod(pod: AnyRecord): void {
  if (isRecord(pod.spec)) {
    const spec = pod.spec;
    pod.spec = {
      ...(spec.nodeName !== undefined ? { nodeName: spec.nodeName } : {}),
      ...(spec.serviceAccountName !== undefined
        ? { serviceAccountName: spec.serviceAccountName }
        : {}),
      containers: Array.isArray(spec.containers)
        ? spec.containers.map(slimContainer)
        : spec.containers,
      ...(Array.isArray(spec.initContainers)
        ? { initContainers: spec.initContainers.map(slimContainer) }
        : {}),
      ...(spec.volumes !== undefined ? { volumes: spec.volumes } : {}),
    };
  }
  if (isRecord(pod.status)) {
    const status = pod.status;
    pod.status = {
      phase: status.phase,
      startTime: status.startTime,
      conditions: status.conditions,
      ...(Array.isArray(status.containerStatuses)
        ? {
            containerStatuses:
              status.containerStatuses.map(slimContainerStatus),
          }
        : {}),
      ...(Array.isArray(status.initContainerStatuses)
        ? {
            initContainerStatuses:
              status.initContainerStatuses.map(slimContainerStatus),
          }
        : {}),
    };
  }
}

/** Drops the pod template's spec (the pods themselves carry what the engine reads). */
function slimWorkload(workload: AnyRecord): void {
  const spec = workload.spec;
  if (!isRecord(spec)) return;
  if (isRecord(spec.template)) {
    spec.template = { metadata: spec.template.metadata };
  }
  if (isRecord(spec.jobTemplate)) {
    const jobSpec = spec.jobTemplate.spec;
    spec.jobTemplate = {
      metadata: spec.jobTemplate.metadata,
      ...(isRecord(jobSpec) && isRecord(jobSpec.template)
        ? { spec: { template: { metadata: jobSpec.template.metadata } } }
        : {}),
    };
  }
}

/**
 * Reduces an object from a list, a watch or a dump to what the engine reads, **in place** (no
 * second copy is ever held), and returns it: the one policy of what is kept, for the backend and
 * the drift CLI alike. Also fills in `apiVersion`/`kind`, which list items of built-in kinds omit.
 *
 * Kept and dropped, per kind:
 * - every kind: `metadata` (name, namespace, uid, resourceVersion, generation, creationTimestamp,
 *   labels, annotations, ownerReferences, ...) without `managedFields` and without the
 *   `kubectl.kubernetes.io/last-applied-configuration` annotation;
 * - Secret: `metadata` only, **with** `managedFields` reduced to manager, operation and time (the
 *   engine reads the ESO field manager's time as the Secret's last change; `fieldsV1` is large and
 *   unread); `data`, `stringData`, `type` and everything else dropped;
 * - Pod: `spec.containers`/`initContainers` (name, image, env names + `valueFrom`, envFrom,
 *   volumeMounts), `spec.volumes`, `spec.nodeName`, `spec.serviceAccountName`; `status.phase`,
 *   `startTime`, `conditions`, and container statuses (name, ready, started, restartCount, state);
 * - ReplicaSet, Deployment, StatefulSet, DaemonSet, Job, CronJob: everything but the pod
 *   template's `spec` (`spec.template.spec`, `spec.jobTemplate.spec.template.spec`);
 * - ExternalSecret, ClusterExternalSecret, SecretStore, ClusterSecretStore, Event: everything.
 *
 * @public
 */
export function stripObject(
  key: ClusterObjectKind,
  object: KubeObject,
  apiVersion: string | undefined = object.apiVersion,
  kind: string | undefined = object.kind,
): KubeObject {
  const target = object as AnyRecord;
  if (key === 'secrets') {
    // Whatever the server sent (PartialObjectMetadata or a full Secret), keep metadata only.
    for (const field of Object.keys(target)) {
      if (field !== 'metadata') delete target[field];
    }
  }
  if (apiVersion !== undefined) target.apiVersion = apiVersion;
  if (kind !== undefined) target.kind = kind;

  const metadata = target.metadata;
  if (isRecord(metadata)) {
    if (key !== 'secrets') delete metadata.managedFields;
    else if (Array.isArray(metadata.managedFields))
      metadata.managedFields = metadata.managedFields.map(slimManagedField);
    if (
      isRecord(metadata.annotations) &&
      LAST_APPLIED_ANNOTATION in metadata.annotations
    ) {
      delete metadata.annotations[LAST_APPLIED_ANNOTATION];
    }
  }

  if (key === 'pods') slimPod(target);
  else if (WORKLOADS.has(key)) slimWorkload(target);
  return object;
}
