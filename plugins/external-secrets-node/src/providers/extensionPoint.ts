import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { SecretProvider } from '@eso-health/plugin-external-secrets-common';
import { ProviderCollector } from './types';

/**
 * Lets backend modules add secret providers (Vault, Parameter Store, GCP, Azure…) to the
 * External Secrets plugin: the provider (which stores it serves, how it resolves their keys,
 * its wording) and the collectors that read its metadata.
 *
 * @public
 */
export interface ExternalSecretsProvidersExtensionPoint {
  /** Adds a provider the engine judges stores with; its id must be unique. */
  addProvider(provider: SecretProvider): void;
  /** Adds a collector of provider metadata; its scopes must be unique across collectors. */
  addCollector(collector: ProviderCollector): void;
}

/** @public */
export const externalSecretsProvidersExtensionPoint =
  createExtensionPoint<ExternalSecretsProvidersExtensionPoint>({
    id: 'external-secrets.providers',
  });
