/**
 * Frontend of the External Secrets plugin: an entity card and a platform overview page
 * showing ExternalSecret sync state and drift.
 *
 * This entry point serves legacy apps; apps on the new frontend system import
 * `@eso-health/plugin-external-secrets/alpha`.
 *
 * @packageDocumentation
 */
export {
  externalSecretsPlugin,
  EntityExternalSecretsCard,
  ExternalSecretsOverviewPage,
  ExternalSecretMappingsFieldExtension,
} from './plugin';
export type { EntityExternalSecretsCardProps } from './components/EntityExternalSecretsCard';
export { isExternalSecretsAvailable } from './lib/annotations';
export type { SecretMapping } from './lib/secretMappings';
export {
  externalSecretsApiRef,
  ExternalSecretsClient,
  ExternalSecretsBackendMissingError,
} from './api';
export type { ExternalSecretsApi } from './api';
// Moved to the common package; still exported here so existing imports keep working.
export type {
  HistoryQuery,
  OverviewQuery,
} from '@eso-health/plugin-external-secrets-common';
export {
  rootRouteRef as externalSecretsRouteRef,
  createPipelineRouteRef,
} from './routes';
