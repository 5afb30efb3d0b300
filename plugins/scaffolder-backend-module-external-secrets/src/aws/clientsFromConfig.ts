import { Config } from '@backstage/config';
import {
  createSecretsManagerClient,
  readAwsAccounts,
} from '@eso-health/plugin-external-secrets-node';
import {
  clientForRegionFromAccounts,
  SecretsManagerClientFactory,
} from './clientForRegion';

/**
 * Clients for the AWS accounts of `externalSecrets.aws.accounts`, the configuration the
 * External Secrets backend reads too (credentials, role, endpoint per account and region).
 * Read on first use, so the scaffolder starts, and the validate action works, without any
 * AWS configuration.
 */
export function clientsFromConfig(config: Config): SecretsManagerClientFactory {
  let factory: SecretsManagerClientFactory | undefined;
  return target => {
    factory ??= clientForRegionFromAccounts(
      readAwsAccounts(config),
      createSecretsManagerClient,
    );
    return factory(target);
  };
}
