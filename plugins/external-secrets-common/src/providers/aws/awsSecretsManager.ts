import { isRecord, str } from '../../kubernetes/untrusted';
import { ProviderSecretMetadata } from '../../types/provider';
import { defineSecretProvider, ScopedListing } from '../types';
import { parseSecretArn } from './arns';
import {
  AwsListing,
  AwsStore,
  awsListingsByRegion,
  listingPrefixes,
  lookupArn,
  lookupIn,
  matchAwsStore,
} from './awsStores';

/** The ARN without AWS's random suffix (`-AbCdEf`), which ESO also accepts as a remote key. */
function partialArn(arn: string): string | undefined {
  return /-[A-Za-z0-9]{6}$/.test(arn) ? arn.slice(0, -7) : undefined;
}

function buildListing(
  scoped: ScopedListing,
): AwsListing<ProviderSecretMetadata> {
  const { listing } = scoped;
  const byId = new Map<string, ProviderSecretMetadata>();
  const accounts = new Set<string>();
  const accountId = str(listing.accountId);
  if (accountId) accounts.add(accountId);
  const add = (id: string | undefined, secret: ProviderSecretMetadata) => {
    const current = id ? byId.get(id) : undefined;
    // A live secret wins over one pending deletion under the same id.
    if (id && (!current || (current.deletedDate && !secret.deletedDate)))
      byId.set(id, secret);
  };
  for (const secret of Array.isArray(listing.secrets) ? listing.secrets : []) {
    if (!isRecord(secret)) continue;
    const arn = str(secret.arn);
    add(str(secret.name), secret);
    add(arn, secret);
    add(arn ? partialArn(arn) : undefined, secret);
    const account = arn ? parseSecretArn(arn)?.account : undefined;
    if (account) accounts.add(account);
  }
  return { scoped, byId, accounts, prefixes: listingPrefixes(listing) };
}

/**
 * AWS Secrets Manager (ESO `aws` stores with `service: SecretsManager` or no service). A key,
 * after the store's prefix, is a secret name, a full ARN or an ARN without its random suffix. A
 * name is looked up in the listing of the store's region and account (its role's account, else
 * the region's first listing); an ARN in its own region and account.
 */
export const awsSecretsManager = defineSecretProvider<AwsStore>({
  id: 'aws',
  title: 'AWS Secrets Manager',
  matchStore: spec => matchAwsStore(spec, 'SecretsManager'),
  describeStore: store => `AWS Secrets Manager (${store.region})`,
  keyPrefix: store => store.prefix,
  index(listings) {
    const { inRegion, forStore } = awsListingsByRegion(listings, buildListing);
    return store => {
      const listing = forStore(store);
      return {
        scope: listing?.scoped.scope,
        resolve(key) {
          const id = `${store.prefix ?? ''}${key}`;
          const arn = id.startsWith('arn:') ? parseSecretArn(id) : undefined;
          if (arn) return lookupArn(inRegion(arn.region), id, arn);
          return listing ? lookupIn(listing, id, id) : { status: 'not-loaded' };
        },
      };
    };
  },
  wording: {
    accessRemedy:
      "grant the store's AWS identity secretsmanager:GetSecretValue (and kms:Decrypt for a customer-managed key) on the secret, or fix its role or credentials.",
    dataName: 'AWS data',
    secret: key => `AWS secret "${key}"`,
    changed: (secret, evidence) =>
      evidence === 'version'
        ? `got a new AWSCURRENT version at ${secret.currentVersionCreatedDate}`
        : `changed at ${secret.lastChangedDate} (per LastChangedDate, which also moves on tag, description and rotation-config edits)`,
    where: listing => `AWS Secrets Manager in ${listing.region}`,
    absentRemedy: (listing, hasPrefix) =>
      `Create the secret in ${
        listing.region
      }, or fix the key in the ExternalSecret${
        hasPrefix ? ' or the store prefix' : ''
      }.`,
    deleted: (secret, listing) => ({
      state: 'is scheduled for deletion',
      detail: `deleted ${secret.deletedDate}`,
      remedy: `Restore it with aws secretsmanager restore-secret --secret-id ${
        secret.arn || secret.name
      } --region ${
        listing.region
      }, or point the ExternalSecret at another key.`,
    }),
    rotationRemedy: (secret, listing) =>
      `Check the rotation function's CloudWatch logs, then retry: aws secretsmanager rotate-secret --secret-id ${
        secret.arn || secret.name
      } --region ${listing.region}`,
  },
});
