/**
 * AWS Systems Manager Parameter Store for the External Secrets plugin: the backend module, and
 * its collector for reuse.
 *
 * @packageDocumentation
 */
export { externalSecretsModuleAwsParameterStore as default } from './module';
export { ParameterStoreCollector } from './ParameterStoreCollector';
export type { ParameterStoreCollectorOptions } from './ParameterStoreCollector';
