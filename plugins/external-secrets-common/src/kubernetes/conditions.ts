import { ReadyCondition } from '../types/report';
import { isRecord, records, str } from './untrusted';

/**
 * Condition types ESO writes (ESO `apis/externalsecrets/v1`). `Deleted` never reaches a live object.
 *
 * @public
 */
export const ESO_CONDITION_TYPES = {
  Ready: 'Ready',
  Deleted: 'Deleted',
} as const;

/**
 * Reasons of an ExternalSecret's Ready condition.
 *
 * @public
 */
export const EXTERNAL_SECRET_REASONS = {
  SecretSynced: 'SecretSynced',
  SecretSyncedError: 'SecretSyncedError',
  SecretDeleted: 'SecretDeleted',
  SecretMissing: 'SecretMissing',
  /** Non-Secret targets (`target.manifest`), ESO v1.0.0+. */
  ResourceSynced: 'ResourceSynced',
  ResourceSyncedError: 'ResourceSyncedError',
  ResourceDeleted: 'ResourceDeleted',
  ResourceMissing: 'ResourceMissing',
} as const;

/**
 * Reasons of a SecretStore/ClusterSecretStore Ready condition.
 *
 * @public
 */
export const STORE_REASONS = {
  Valid: 'Valid',
  InvalidProviderConfig: 'InvalidProviderConfig',
  /** Ready is True with this reason, e.g. with referent authentication. */
  ValidationUnknown: 'ValidationUnknown',
  /** Defined by ESO but not set by current releases. */
  ValidationFailed: 'ValidationFailed',
  InvalidStoreConfiguration: 'InvalidStoreConfiguration',
} as const;

/**
 * Reasons of the Kubernetes Events ESO records on an ExternalSecret.
 *
 * @public
 */
export const EXTERNAL_SECRET_EVENT_REASONS = {
  /** Warning on every failed sync; its message carries the provider's real error. */
  UpdateFailed: 'UpdateFailed',
  Created: 'Created',
  Updated: 'Updated',
  Deleted: 'Deleted',
  MissingProviderSecret: 'MissingProviderSecret',
  ParameterDeprecated: 'ParameterDeprecated',
} as const;

const STATUSES = new Set(['True', 'False', 'Unknown']);

/**
 * The `Ready` condition of any object's `status.conditions`, or null when it has none.
 * A status other than True/False/Unknown reads as Unknown.
 *
 * @public
 */
export function readReadyCondition(object: unknown): ReadyCondition | null {
  const status = isRecord(object) ? object.status : undefined;
  const condition = records(
    isRecord(status) ? status.conditions : undefined,
  ).find(c => c.type === ESO_CONDITION_TYPES.Ready);
  if (!condition) return null;
  const value = str(condition.status);
  return {
    status:
      value && STATUSES.has(value)
        ? (value as ReadyCondition['status'])
        : 'Unknown',
    reason: str(condition.reason) ?? null,
    message: str(condition.message) ?? null,
    lastTransitionTime: str(condition.lastTransitionTime) ?? null,
  };
}
