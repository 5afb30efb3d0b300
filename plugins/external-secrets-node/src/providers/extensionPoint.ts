import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { ProviderCollector } from './types';

/** Lets backend modules add secret providers (Vault, GCP, Azure…) to the External Secrets plugin. */
export interface ExternalSecretsProvidersExtensionPoint {
  addCollector(collector: ProviderCollector): void;
}

export const externalSecretsProvidersExtensionPoint =
  createExtensionPoint<ExternalSecretsProvidersExtensionPoint>({
    id: 'external-secrets.providers',
  });
