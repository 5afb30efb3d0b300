/**
 * Backend plugin for External Secrets Operator health and drift.
 *
 * @packageDocumentation
 */
export { externalSecretsPlugin as default } from './plugin';
export {
  externalSecretConditions,
  createExternalSecretConditionalDecision,
  externalSecretPermissionResourceRef,
  externalSecretRules,
} from './permissions/externalSecretRules';
export type {
  ExternalSecretResource,
  ExternalSecretFilter,
} from './permissions/externalSecretRules';
