const PROVIDER_NAMES: Record<string, string> = {
  aws: 'AWS',
  vault: 'Vault',
  gcp: 'GCP',
  azure: 'Azure',
};

/** Display name of a store provider id (`aws` → `AWS`). */
export function providerName(provider: string): string {
  return PROVIDER_NAMES[provider] ?? provider;
}
