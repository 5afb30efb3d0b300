import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { vaultKv } from '@eso-health/plugin-external-secrets-common';
import { externalSecretsProvidersExtensionPoint } from '@eso-health/plugin-external-secrets-node';
import { readVaultServers } from './readVaultServers';
import { VaultKvCollector } from './VaultKvCollector';

/**
 * Adds HashiCorp Vault KV version 2 to the External Secrets plugin: Vault-backed stores are
 * judged (provider-ahead, provider-secret-missing, provider-expiring) against the metadata of
 * the servers in `externalSecrets.vault.servers`.
 *
 * @public
 */
export const externalSecretsModuleVault = createBackendModule({
  pluginId: 'external-secrets',
  moduleId: 'vault',
  register(env) {
    env.registerInit({
      deps: {
        providers: externalSecretsProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        providers.addProvider(vaultKv);
        const servers = readVaultServers(config);
        if (servers.length)
          providers.addCollector(new VaultKvCollector(servers));
      },
    });
  },
});
