export { externalSecretsApiRef } from './ExternalSecretsApi';
export type { ExternalSecretsApi } from './ExternalSecretsApi';
export { ExternalSecretsClient } from './ExternalSecretsClient';
export { ExternalSecretsBackendMissingError } from './ExternalSecretsBackendMissingError';
