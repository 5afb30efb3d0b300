/**
 * The loose shape of any Kubernetes object as read from a dump or a watch. Fields are optional: inputs are untrusted.
 *
 * @public
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: KubeMetadata;
  spec?: any;
  status?: any;
  [key: string]: unknown;
}

/** @public */
export interface OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
}

/** @public */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: unknown;
  subresource?: string;
}

/** @public */
export interface KubeMetadata {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  managedFields?: ManagedFieldsEntry[];
}

/**
 * The objects of one cluster that the engine reads, grouped by kind. Secrets carry metadata
 * only: whoever builds this drops `data`/`stringData` first.
 *
 * @public
 */
export interface ClusterObjects {
  externalSecrets: KubeObject[];
  clusterExternalSecrets: KubeObject[];
  secretStores: KubeObject[];
  clusterSecretStores: KubeObject[];
  secrets: KubeObject[];
  pods: KubeObject[];
  replicaSets: KubeObject[];
  deployments: KubeObject[];
  statefulSets: KubeObject[];
  daemonSets: KubeObject[];
  jobs: KubeObject[];
  cronJobs: KubeObject[];
  events: KubeObject[];
}

/** @public */
export type ClusterObjectKind = keyof ClusterObjects;

/**
 * How much of a cluster's Secrets is read: `metadata` (as `PartialObjectMetadata`; the default)
 * or `none` (no Secret is listed or watched: Kubernetes RBAC cannot grant Secret metadata without
 * the values). Under `none`, ESO's Events and history are the only evidence of a Secret change.
 *
 * @public
 */
export type ClusterSecretsAccess = 'metadata' | 'none';
