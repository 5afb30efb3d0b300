/**
 * HashiCorp Vault KV version 2 for the External Secrets plugin: the backend module, and its
 * collector for reuse.
 *
 * @packageDocumentation
 */
export { externalSecretsModuleVault as default } from './module';
export { VaultKvCollector } from './VaultKvCollector';
export type { VaultKvCollectorOptions } from './VaultKvCollector';
export { readVaultServers, vaultScopeId } from './readVaultServers';
export type { VaultServerConfig, VaultAuth } from './readVaultServers';
