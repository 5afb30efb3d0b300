import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  awsParameterStore,
  PARAMETER_STORE_PROVIDER,
} from '@eso-health/plugin-external-secrets-common';
import {
  externalSecretsProvidersExtensionPoint,
  readAwsAccounts,
} from '@eso-health/plugin-external-secrets-node';
import { ParameterStoreCollector } from './ParameterStoreCollector';

/**
 * Adds AWS Systems Manager Parameter Store to the External Secrets plugin: stores with
 * `service: ParameterStore` are judged against the parameter metadata of the accounts in
 * `externalSecrets.awsParameterStore.accounts`.
 *
 * @public
 */
export const externalSecretsModuleAwsParameterStore = createBackendModule({
  pluginId: 'external-secrets',
  moduleId: 'aws-parameter-store',
  register(env) {
    env.registerInit({
      deps: {
        providers: externalSecretsProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        providers.addProvider(awsParameterStore);
        const accounts = readAwsAccounts(config, {
          key: 'externalSecrets.awsParameterStore.accounts',
          provider: PARAMETER_STORE_PROVIDER,
          // The Name filter of DescribeParameters takes at most 50 values.
          prefixLimit: 50,
        });
        if (accounts.length)
          providers.addCollector(new ParameterStoreCollector(accounts));
      },
    });
  },
});
