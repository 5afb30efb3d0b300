/**
 * The stores the "New secret pipeline" template writes for, as the form's `provider` names
 * them. Each comes with its own grant for ESO's role: an IAM policy for the two AWS services,
 * a Vault ACL policy for KV version 2.
 */
export const STORE_PROVIDERS = [
  'aws-secrets-manager',
  'aws-parameter-store',
  'vault-kv-v2',
] as const;

export type StoreProvider = (typeof STORE_PROVIDERS)[number];

export const STORE_PROVIDER_TITLES: Record<StoreProvider, string> = {
  'aws-secrets-manager': 'AWS Secrets Manager',
  'aws-parameter-store': 'AWS Systems Manager Parameter Store',
  'vault-kv-v2': 'HashiCorp Vault KV version 2',
};

export interface ProviderOptions {
  /** The store's provider; decides which remote key rules and which policy apply. */
  provider?: StoreProvider;
  /**
   * The older switch: `false` for a store other than AWS Secrets Manager, with only
   * provider-neutral rules. Ignored when `provider` is given.
   */
  awsSecretsManager?: boolean;
}

/**
 * The provider the rules apply: `provider` when given, else AWS Secrets Manager unless
 * `awsSecretsManager` is `false`, in which case none (provider-neutral rules only).
 */
export function providerOf(
  options: ProviderOptions,
): StoreProvider | undefined {
  if (options.provider) return options.provider;
  return options.awsSecretsManager === false
    ? undefined
    : 'aws-secrets-manager';
}
