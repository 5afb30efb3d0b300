import { isRecord, str } from '../../kubernetes/untrusted';
import { ProviderSecretMetadata } from '../../types/provider';
import { defineSecretProvider } from '../types';
import { parseParameterArn } from './arns';
import {
  AwsStore,
  awsListingsByRegion,
  listingPrefixes,
  lookupArn,
  lookupIn,
  matchAwsStore,
} from './awsStores';

/**
 * AWS Systems Manager Parameter Store (ESO `aws` stores with `service: ParameterStore`). A key,
 * after the store's prefix, is a parameter name or ARN; listings come from DescribeParameters,
 * which carries LastModifiedDate and Version, never a value.
 */
export const awsParameterStore = defineSecretProvider<AwsStore>({
  id: 'aws-parameter-store',
  title: 'AWS Parameter Store',
  matchStore: spec => matchAwsStore(spec, 'ParameterStore'),
  describeStore: store => `AWS Parameter Store (${store.region})`,
  keyPrefix: store => store.prefix,
  index(listings) {
    const { inRegion, forStore } = awsListingsByRegion(listings, scoped => {
      const byId = new Map<string, ProviderSecretMetadata>();
      const accounts = new Set<string>();
      const accountId = str(scoped.listing.accountId);
      if (accountId) accounts.add(accountId);
      for (const parameter of Array.isArray(scoped.listing.secrets)
        ? scoped.listing.secrets
        : []) {
        if (!isRecord(parameter)) continue;
        const name = str(parameter.name);
        const arn = str(parameter.arn);
        if (name) byId.set(name, parameter);
        if (arn) byId.set(arn, parameter);
        const account = arn ? parseParameterArn(arn)?.account : undefined;
        if (account) accounts.add(account);
      }
      return {
        scoped,
        byId,
        accounts,
        prefixes: listingPrefixes(scoped.listing),
      };
    });
    return store => {
      const listing = forStore(store);
      return {
        scope: listing?.scoped.scope,
        resolve(key) {
          const id = `${store.prefix ?? ''}${key}`;
          const arn = id.startsWith('arn:') ? parseParameterArn(id) : undefined;
          if (arn) {
            return lookupArn(inRegion(arn.region), id, {
              account: arn.account,
              name: `/${arn.name}`,
            });
          }
          return listing ? lookupIn(listing, id, id) : { status: 'not-loaded' };
        },
      };
    };
  },
  wording: {
    accessRemedy:
      "grant the store's AWS identity ssm:GetParameter on the parameter (and kms:Decrypt for a SecureString under a customer-managed key), or fix its role or credentials.",
    dataName: 'Parameter Store data',
    secret: key => `AWS parameter "${key}"`,
    changed: (secret, evidence) =>
      evidence === 'version' && secret.currentVersion
        ? `got version ${secret.currentVersion} at ${secret.currentVersionCreatedDate}`
        : `changed at ${secret.lastChangedDate} (per LastModifiedDate)`,
    where: listing => `AWS Parameter Store in ${listing.region}`,
    absentRemedy: (listing, hasPrefix) =>
      `Create the parameter in ${
        listing.region
      } (aws ssm put-parameter --type SecureString --region ${
        listing.region
      } …), or fix the key in the ExternalSecret${
        hasPrefix ? ' or the store prefix' : ''
      }.`,
    deleted: (secret, listing) => ({
      state: 'was deleted',
      detail: `${secret.deletedDate}`,
      remedy: `Create it again in ${listing.region}, or point the ExternalSecret at another parameter.`,
    }),
    expiryRemedy: (secret, listing) =>
      `Write a new value before it expires, or change its Expiration policy: aws ssm put-parameter --name ${secret.name} --overwrite --policies … --region ${listing.region}`,
  },
});
