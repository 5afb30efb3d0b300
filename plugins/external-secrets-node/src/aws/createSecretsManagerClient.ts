import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { AwsAccountConfig } from './awsAccounts';

/** Attempts per call, including the first: the adaptive mode also rate-limits the client when throttled. */
const MAX_ATTEMPTS = 5;

/**
 * The client settings of one configured account, for any AWS service client: adaptive retries
 * (throttling and 5xx back off, and the client slows itself down when throttled), the role
 * assumed through STS when configured, static keys only when given (emulators), the default
 * chain otherwise.
 *
 * @public
 */
export function awsClientConfig(
  account: AwsAccountConfig,
  options: { maxAttempts?: number } = {},
) {
  const { region, endpoint, staticCredentials, roleArn } = account;
  const credentials = roleArn
    ? fromTemporaryCredentials({
        params: {
          RoleArn: roleArn,
          RoleSessionName: 'backstage-external-secrets',
          ...(account.externalId ? { ExternalId: account.externalId } : {}),
        },
        ...(staticCredentials ? { masterCredentials: staticCredentials } : {}),
        clientConfig: { region, ...(endpoint ? { endpoint } : {}) },
      })
    : staticCredentials;
  return {
    region,
    ...(endpoint ? { endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS,
  };
}

/**
 * A Secrets Manager client for one configured account (see {@link awsClientConfig}).
 *
 * @public
 */
export function createSecretsManagerClient(
  account: AwsAccountConfig,
  options: { maxAttempts?: number } = {},
): SecretsManagerClient {
  return new SecretsManagerClient(awsClientConfig(account, options));
}
