/**
 * Metadata of one remote secret, as AWS ListSecrets returns it (never a value).
 * Dates are ISO strings.
 */
export interface ProviderSecretMetadata {
  /** Provider id, e.g. `aws` (the only one the provider rules read today). */
  provider: string;
  region: string;
  arn: string;
  name: string;
  lastChangedDate?: string | null;
  /**
   * Creation time of the AWSCURRENT version (ListSecretVersionIds). Set by the backend when it
   * confirms a provider-ahead candidate; absent in the CLI, which then relies on lastChangedDate.
   */
  currentVersionCreatedDate?: string | null;
  rotationEnabled?: boolean;
  nextRotationDate?: string | null;
  lastRotatedDate?: string | null;
  deletedDate?: string | null;
}

/**
 * Provider metadata of one account in one region: one listing (the engine picks it from the
 * store's region and role).
 */
export interface ProviderRegionMetadata {
  /** Provider id, e.g. `aws` (the only one the provider rules read today). */
  provider: string;
  region: string;
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
 * `aws/<account>/<region>` for the backend's collector). A region no listing covers is
 * "not loaded": no provider rule fires for it.
 */
export type ProviderMetadata = Record<string, ProviderRegionMetadata>;
