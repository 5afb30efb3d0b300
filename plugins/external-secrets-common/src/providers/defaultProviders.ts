import { awsParameterStore } from './aws/awsParameterStore';
import { awsSecretsManager } from './aws/awsSecretsManager';
import { SecretProvider } from './types';
import { vaultKv } from './vault/vaultKv';

/**
 * Every provider this package defines, as the drift CLI reads them. The backend starts with AWS
 * Secrets Manager alone and adds the others through its providers extension point, when their
 * backend module (which brings the collector that reads their metadata) is installed; the
 * engine reads only the list it is given.
 *
 * @public
 */
export const defaultSecretProviders: SecretProvider[] = [
  awsSecretsManager,
  awsParameterStore,
  vaultKv,
];
