import {
  ProviderRegionMetadata,
  ProviderSecretMetadata,
  roleArnAccount,
} from '@eso-health/plugin-external-secrets-common';
import { AwsAccountConfig } from './awsAccounts';

/**
 * One AWS account/region's listing as every AWS collector stores it: the account id from the
 * role ARN, else from the first listed ARN (`accountOfArn` reads the service's ARN format), and
 * the prefixes the listing was limited to, so the engine knows what "absent" means.
 *
 * @public
 */
export function awsRegionListing(options: {
  provider: string;
  account: AwsAccountConfig;
  secrets: ProviderSecretMetadata[];
  accountOfArn: (arn: string) => string | undefined;
  refreshedAt: Date;
}): ProviderRegionMetadata {
  const { account, secrets } = options;
  return {
    provider: options.provider,
    region: account.region,
    accountId:
      (account.roleArn && roleArnAccount(account.roleArn)) ??
      secrets.map(s => options.accountOfArn(s.arn)).find(Boolean) ??
      null,
    roleArn: account.roleArn ?? null,
    ...(account.namePrefixes.length
      ? { namePrefixes: account.namePrefixes }
      : {}),
    refreshedAt: options.refreshedAt.toISOString(),
    secrets,
  };
}
