import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

/**
 * The AWS account a Secrets Manager client acts in: STS GetCallerIdentity with the client's
 * own credentials, region and endpoint (an emulator's, when configured). It needs no IAM
 * permission and reads nothing but the caller's identity.
 */
export async function callerAccountId(
  client: SecretsManagerClient,
  abortSignal?: AbortSignal,
): Promise<string> {
  const { region, credentials, endpoint, isCustomEndpoint } = client.config;
  const sts = new STSClient({
    region,
    credentials,
    ...(isCustomEndpoint && endpoint ? { endpoint } : {}),
  });
  try {
    const { Account } = await sts.send(new GetCallerIdentityCommand({}), {
      abortSignal,
    });
    if (!Account) throw new Error('STS did not return the account id');
    return Account;
  } finally {
    sts.destroy();
  }
}
