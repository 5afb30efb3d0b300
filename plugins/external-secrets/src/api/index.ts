export { externalSecretsApiRef } from './ExternalSecretsApi';
export type {
  ExternalSecretsApi,
  HistoryQuery,
  OverviewQuery,
} from './ExternalSecretsApi';
export { ExternalSecretsClient } from './ExternalSecretsClient';
export { ExternalSecretsBackendMissingError } from './ExternalSecretsBackendMissingError';
