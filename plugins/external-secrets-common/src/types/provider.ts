/**
 * Metadata of one remote secret (never a value), in the fields every provider maps to:
 * AWS ListSecrets, SSM DescribeParameters, Vault KV v2 metadata. Dates are ISO strings.
 *
 * @public
 */
export interface ProviderSecretMetadata {
  /** Provider id, e.g. `aws`, `aws-parameter-store`, `vault`. */
  provider: string;
  /** The AWS region; for providers without regions, the listing's location (e.g. a Vault mount). */
  region: string;
  /** The provider's unique id: an AWS ARN, or `<server>/<mount>/<path>` for Vault. */
  arn: string;
  /** The key ESO resolves: a secret or parameter name, a path under a Vault mount. */
  name: string;
  /** When the secret last changed; for some providers metadata edits move it too. */
  lastChangedDate?: string | null;
  /**
   * Creation time of the current version: AWSCURRENT (ListSecretVersionIds, set by the backend
   * when it confirms a provider-ahead candidate), a Vault version's `created_time`, a parameter's
   * LastModifiedDate. Absent when unknown, e.g. in the CLI for AWS Secrets Manager.
   */
  currentVersionCreatedDate?: string | null;
  /** The current version's number, where the provider numbers them (Vault, Parameter Store). */
  currentVersion?: number | null;
  /**
   * How the current value is gone when `deletedDate` is set: scheduled for deletion (AWS, the
   * default), soft-deleted or destroyed (Vault).
   */
  deletion?: 'scheduled' | 'deleted' | 'destroyed';
  /** When the current value expires (Vault `delete_version_after`, GCP `expireTime`, Azure `expiresOn`). */
  expiresDate?: string | null;
  rotationEnabled?: boolean;
  nextRotationDate?: string | null;
  lastRotatedDate?: string | null;
  deletedDate?: string | null;
}

/**
 * Provider metadata of one source: one AWS account in one region, one Vault KV mount… The
 * provider's {@link SecretProvider} picks it for a store (region and role, server and mount).
 *
 * @public
 */
export interface ProviderRegionMetadata {
  /** Provider id, e.g. `aws`, `aws-parameter-store`, `vault`. */
  provider: string;
  /** The AWS region; for providers without regions, the listing's location (e.g. a Vault mount). */
  region: string;
  /** The server the listing was read from (Vault), and the addresses stores use for it. */
  servers?: string[];
  /**
   * False when the source keeps no change times (a Vault KV version 1 mount): its keys are
   * never judged and the source says so.
   */
  changeTracking?: boolean;
  /** A limitation of this source that is not an error, shown beside it (e.g. no change tracking). */
  note?: string;
  /** The AWS account id, when known (from the configured role or the listed ARNs). */
  accountId?: string | null;
  /** The role the listing was read through; a store assuming the same role uses this listing. */
  roleArn?: string | null;
  /**
   * Only names starting with one of these were listed: a key outside them is "not loaded",
   * never "missing". Absent or empty: the whole account was listed.
   */
  namePrefixes?: string[];
  /** When this listing was last refreshed (ISO). */
  refreshedAt: string;
  secrets: ProviderSecretMetadata[];
}

/**
 * All loaded provider metadata, keyed by a scope label (the region for list-secrets files,
 * `aws/<account>/<region>`, `vault/<server>/<mount>`… for the backend's collectors). A source no
 * listing covers is "not loaded": no provider rule fires for it.
 *
 * @public
 */
export type ProviderMetadata = Record<string, ProviderRegionMetadata>;
