import { Finding } from '../types/findings';
import { Rule } from './types';
import { providerAsOf } from './wording';

/**
 * `provider-secret-missing`: a remote key of an AWS Secrets Manager store is absent from its
 * region's loaded listing, or is scheduled for deletion. Keys of unloaded regions, other
 * accounts, `dataFrom.find` and generators are never judged (see ProviderContext).
 */
export const providerSecretMissing: Rule = ({ provider, now }) => {
  if (!provider) return [];
  const findings: Finding[] = [];
  for (const { key, lookup } of provider.keys) {
    const full = provider.prefix
      ? ` (with the store prefix: "${provider.prefix}${key}")`
      : '';
    if (lookup.status === 'absent') {
      findings.push({
        rule: 'provider-secret-missing',
        severity: 'error',
        message: `Remote key "${key}"${full} does not exist in AWS Secrets Manager in ${
          lookup.region.region
        } (${providerAsOf(
          lookup.region.refreshedAt,
          now,
        )}), so ESO cannot read it.`,
        remedy: `Create the secret in ${
          lookup.region.region
        }, or fix the key in the ExternalSecret${
          provider.prefix ? ' or the store prefix' : ''
        }.`,
      });
    } else if (lookup.status === 'found' && lookup.secret.deletedDate) {
      const { secret } = lookup;
      findings.push({
        rule: 'provider-secret-missing',
        severity: 'error',
        message: `AWS secret "${key}"${full} is scheduled for deletion (deleted ${
          secret.deletedDate
        }, ${providerAsOf(
          lookup.region.refreshedAt,
          now,
        )}), so ESO cannot read it.`,
        remedy: `Restore it with aws secretsmanager restore-secret --secret-id ${
          secret.arn || secret.name
        } --region ${
          lookup.region.region
        }, or point the ExternalSecret at another key.`,
      });
    }
  }
  return findings;
};
