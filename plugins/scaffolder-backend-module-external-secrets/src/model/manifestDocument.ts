/** One YAML document, JSON file or HCL (Vault policy) file of the generated pipeline. */
export interface ManifestDocument {
  /** Path relative to the directory that was read, with forward slashes. */
  file: string;
  value: unknown;
}
