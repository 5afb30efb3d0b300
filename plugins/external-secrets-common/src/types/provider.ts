/**
 * Metadata of one remote secret, as AWS ListSecrets returns it (never a value).
 * Dates are ISO strings.
 */
export interface ProviderSecretMetadata {
  provider: 'aws';
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

/** Provider metadata for one region (the engine picks a region from the store's spec). */
export interface ProviderRegionMetadata {
  provider: 'aws';
  region: string;
  /** When this region's listing was last refreshed (ISO). */
  refreshedAt: string;
  secrets: ProviderSecretMetadata[];
}

/** All loaded provider metadata, keyed by region. A region absent here is "not loaded": no provider rule fires. */
export type ProviderMetadata = Record<string, ProviderRegionMetadata>;
