import {
  ClusterObjectKind,
  isEsoWriteEvent,
  KubeObject,
} from '@eso-health/plugin-external-secrets-common';

/** API group of the External Secrets Operator kinds. */
export const ESO_GROUP = 'external-secrets.io';

/** Versions of {@link ESO_GROUP} the source can read, most preferred first (ESO ≥ 0.16 serves v1; ≤ 0.16 v1beta1). */
export const ESO_VERSIONS = ['v1', 'v1beta1'] as const;

/**
 * Asks the API server for object metadata only, so Secret values never leave the cluster: a
 * list as `PartialObjectMetadataList`, the objects of a watch as `PartialObjectMetadata` (the
 * server encodes each watch event with the first type offered, so a watch must not offer the
 * list type). The plain `application/json` fallback is for servers that do not support it;
 * values are dropped on our side in that case ({@link stripObject}).
 */
export const PARTIAL_OBJECT_METADATA_LIST_ACCEPT =
  'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
export const PARTIAL_OBJECT_METADATA_WATCH_ACCEPT =
  'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

/** One kind the live source lists and watches cluster-wide. */
export interface WatchedKind {
  /** Where the objects go in `ClusterObjects`. */
  key: ClusterObjectKind;
  kind: string;
  /** API group; empty for the core group. */
  group: string;
  /** Fixed version; absent for ESO kinds, whose version comes from API discovery. */
  version?: string;
  plural: string;
  namespaced: boolean;
  fieldSelector?: string;
  /** Request `PartialObjectMetadata` instead of the full object. */
  metadataOnly?: boolean;
  /** Keeps only the objects the engine reads, where the field selector cannot say it all. */
  keep?: (object: KubeObject) => boolean;
}

/** Every kind the engine reads (docs/clusters.md), in start order. */
export const watchedKinds: readonly WatchedKind[] = [
  {
    key: 'externalSecrets',
    kind: 'ExternalSecret',
    group: ESO_GROUP,
    plural: 'externalsecrets',
    namespaced: true,
  },
  {
    key: 'clusterExternalSecrets',
    kind: 'ClusterExternalSecret',
    group: ESO_GROUP,
    plural: 'clusterexternalsecrets',
    namespaced: false,
  },
  {
    key: 'secretStores',
    kind: 'SecretStore',
    group: ESO_GROUP,
    plural: 'secretstores',
    namespaced: true,
  },
  {
    key: 'clusterSecretStores',
    kind: 'ClusterSecretStore',
    group: ESO_GROUP,
    plural: 'clustersecretstores',
    namespaced: false,
  },
  {
    key: 'secrets',
    kind: 'Secret',
    group: '',
    version: 'v1',
    plural: 'secrets',
    namespaced: true,
    metadataOnly: true,
  },
  {
    key: 'pods',
    kind: 'Pod',
    group: '',
    version: 'v1',
    plural: 'pods',
    namespaced: true,
  },
  {
    key: 'replicaSets',
    kind: 'ReplicaSet',
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
    namespaced: true,
    // Only the owner chain (Pod → ReplicaSet → Deployment) is read: metadata is enough, and a
    // Deployment keeps ten old ReplicaSets with their whole pod templates by default.
    metadataOnly: true,
  },
  {
    key: 'deployments',
    kind: 'Deployment',
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    namespaced: true,
  },
  {
    key: 'statefulSets',
    kind: 'StatefulSet',
    group: 'apps',
    version: 'v1',
    plural: 'statefulsets',
    namespaced: true,
  },
  {
    key: 'daemonSets',
    kind: 'DaemonSet',
    group: 'apps',
    version: 'v1',
    plural: 'daemonsets',
    namespaced: true,
  },
  {
    key: 'jobs',
    kind: 'Job',
    group: 'batch',
    version: 'v1',
    plural: 'jobs',
    namespaced: true,
  },
  {
    key: 'cronJobs',
    kind: 'CronJob',
    group: 'batch',
    version: 'v1',
    plural: 'cronjobs',
    namespaced: true,
  },
  {
    key: 'events',
    kind: 'Event',
    group: '',
    version: 'v1',
    plural: 'events',
    namespaced: true,
    // Events on ExternalSecrets only; of those, the Warnings (ESO's provider errors) and ESO's
    // Normal `Updated`/`Created` (it really wrote the target Secret: the evidence of a change
    // when Secrets are not read at all). A field selector cannot say "Warning or Updated".
    fieldSelector: 'involvedObject.kind=ExternalSecret',
    keep: object =>
      (object as { type?: unknown }).type === 'Warning' ||
      isEsoWriteEvent(object),
  },
];

/** `apiVersion` of a kind at a version: `v1`, `apps/v1`, `external-secrets.io/v1`. */
export function apiVersionOf(kind: WatchedKind, version: string): string {
  return kind.group ? `${kind.group}/${version}` : version;
}

/**
 * Collection path, cluster-wide or in one namespace: `/api/v1/pods`,
 * `/apis/apps/v1/namespaces/shop/deployments`.
 */
export function collectionPathOf(
  kind: WatchedKind,
  version: string,
  namespace?: string,
): string {
  const base = kind.group
    ? `/apis/${kind.group}/${version}`
    : `/api/${version}`;
  return namespace && kind.namespaced
    ? `${base}/namespaces/${encodeURIComponent(namespace)}/${kind.plural}`
    : `${base}/${kind.plural}`;
}

/** The RBAC resource name: `secrets`, `deployments.apps`, `externalsecrets.external-secrets.io`. */
export function rbacResourceOf(kind: WatchedKind): string {
  return kind.group ? `${kind.plural}.${kind.group}` : kind.plural;
}
