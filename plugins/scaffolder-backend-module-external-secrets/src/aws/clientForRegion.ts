import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { InputError } from '@backstage/errors';

/**
 * A Secrets Manager client for a region (and, when several accounts serve it, the named
 * account); throws an error naming the region when none is configured.
 *
 * @public
 */
export type SecretsManagerClientFactory = (target: {
  region: string;
  account?: string;
}) => SecretsManagerClient;

/** The fields of a configured AWS account this module needs. */
export interface AwsAccountTarget {
  name: string;
  region: string;
}

/**
 * Picks the configured account for the action's region (and account name, when several
 * serve the region), creating one client per account on first use. Errors name the region and
 * what is configured, so the template's author knows what to change.
 */
export function clientForRegionFromAccounts<A extends AwsAccountTarget>(
  accounts: A[],
  createClient: (account: A) => SecretsManagerClient,
): SecretsManagerClientFactory {
  const clients = new Map<A, SecretsManagerClient>();
  return ({ region, account }) => {
    const inRegion = accounts.filter(a => a.region === region);
    const candidates = account
      ? inRegion.filter(a => a.name === account)
      : inRegion;
    if (candidates.length === 0) {
      const configured = accounts.map(a => `${a.name} (${a.region})`);
      throw new InputError(
        `region: no AWS account${
          account ? ` named "${account}"` : ''
        } is configured for ${region} in externalSecrets.aws.accounts (app-config); ${
          configured.length
            ? `configured: ${configured.join(', ')}`
            : 'none is configured'
        }`,
      );
    }
    if (candidates.length > 1) {
      throw new InputError(
        `account: several AWS accounts serve ${region} (${candidates
          .map(a => a.name)
          .join(', ')}); name one in the action's account input`,
      );
    }
    const [chosen] = candidates;
    let client = clients.get(chosen);
    if (!client) {
      client = createClient(chosen);
      clients.set(chosen, client);
    }
    return client;
  };
}
