import { awsParameterStore } from './aws/awsParameterStore';
import { awsSecretsManager } from './aws/awsSecretsManager';
import { SecretProvider } from './types';
import { vaultKv } from './vault/vaultKv';

/**
 * The providers this package ships, for the drift CLI and the backend's defaults. The backend
 * adds others (GCP, Azure…) through its providers extension point; the engine reads only the
 * list it is given.
 */
export const defaultSecretProviders: SecretProvider[] = [
  awsSecretsManager,
  awsParameterStore,
  vaultKv,
];
