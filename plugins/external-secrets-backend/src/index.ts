/**
 * Backend plugin for External Secrets Operator health and drift.
 *
 * @packageDocumentation
 */
export { externalSecretsPlugin as default } from './plugin';
