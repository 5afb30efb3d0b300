import {
  ClusterObjectKind,
  ClusterObjects,
  ClusterSecretsAccess,
} from '../types/kubernetes';
import { SecretProvider } from '../providers/types';
import { ProviderMetadata } from '../types/provider';
import { ExternalSecretStatus } from '../types/report';
import { ClaimLabels } from '../kubernetes/serviceSelector';
import { DriftThresholds } from '../rules/thresholds';

/** @public */
export interface EvaluateClusterInput {
  /** Cluster name, copied into every result. */
  cluster: string;
  objects: ClusterObjects;
  /** Loaded provider metadata; sources absent from it are "not loaded" and provider rules stay silent for them. */
  provider?: ProviderMetadata;
  /** The providers that read stores and resolve keys; default: the ones this package ships. */
  secretProviders?: readonly SecretProvider[];
  /**
   * When each Secret's current data arrived, as recorded by a running backend that follows the
   * data-hash annotation, keyed by `<namespace>/<secretName>`, ISO times. Where present it wins
   * over the ESO managedFields time, which also moves on metadata-only writes.
   */
  observedSecretChanges?: Record<string, string>;
  /**
   * `none` when the cluster is watched without Secrets: a target Secret that is not in `objects`
   * is unknown rather than missing, and its change time comes from ESO's Events.
   */
  secrets?: ClusterSecretsAccess;
  /** Kinds the cluster's source may not read (RBAC): what depends on them is unknown, not missing. */
  unreadableKinds?: ClusterObjectKind[];
  /**
   * When ESO last wrote each ExternalSecret's Secret according to its `Updated`/`Created` Events
   * as a running backend kept them (Events expire after an hour), keyed `<namespace>/<name>` of
   * the ExternalSecret. Combined with the Events still in `objects`.
   */
  observedEsoWrites?: Record<string, string>;
  /** Where `provider-ahead` evidence comes from, so the message can say so (CLI: `LastChangedDate`). */
  providerEvidence?: 'current-version' | 'last-changed-date';
  now: Date;
  thresholds?: Partial<DriftThresholds>;
}

/**
 * The provider's current version of one remote key, as its metadata dates it.
 *
 * @public
 */
export interface ProviderChange {
  /** The remote key as the ExternalSecret names it (before the store's prefix). */
  key: string;
  /** ISO time of the current version (or the provider's change time, see `evidence`). */
  at: string;
  evidence: 'version' | 'change-time';
}

/**
 * A workload reading the target Secret, and since when all its reading containers run.
 *
 * @public
 */
export interface WorkloadStart {
  kind: string;
  name: string;
  /** The oldest start among its running reading containers: when its newest rollout completed. */
  startedAt: string;
  containers: number;
}

/** @public */
export interface EvaluatedExternalSecret {
  status: ExternalSecretStatus;
  claim: ClaimLabels;
  /** Times history records that the status does not carry (engine-neutral; absent in old callers). */
  changes?: {
    providerChanges: ProviderChange[];
    workloadStarts: WorkloadStart[];
  };
}
