import { Finding } from '../types/findings';
import { Rule } from './types';
import { providerAsOf } from './wording';

/**
 * `provider-secret-missing`: a remote key is absent from the loaded listing of its store's
 * source, or its current value is scheduled for deletion, deleted or destroyed. Keys of sources
 * not loaded, other accounts, `dataFrom.find` and generators are never judged (see
 * ProviderContext).
 */
export const providerSecretMissing: Rule = ({ provider, now }) => {
  if (!provider) return [];
  const { wording } = provider;
  const findings: Finding[] = [];
  for (const { key, lookup } of provider.keys) {
    const full = provider.prefix
      ? ` (with the store prefix: "${provider.prefix}${key}")`
      : '';
    if (lookup.status === 'absent') {
      findings.push({
        rule: 'provider-secret-missing',
        severity: 'error',
        message: `Remote key "${key}"${full} does not exist in ${wording.where(
          lookup.listing,
        )} (${providerAsOf(
          wording.dataName,
          lookup.listing.refreshedAt,
          now,
        )}), so ESO cannot read it.`,
        remedy: wording.absentRemedy(lookup.listing, Boolean(provider.prefix)),
      });
    } else if (lookup.status === 'found' && lookup.secret.deletedDate) {
      const { state, detail, remedy } = wording.deleted(
        lookup.secret,
        lookup.listing,
      );
      findings.push({
        rule: 'provider-secret-missing',
        severity: 'error',
        message: `${wording.secret(key)}${full} ${state} (${
          detail ? `${detail}, ` : ''
        }${providerAsOf(
          wording.dataName,
          lookup.listing.refreshedAt,
          now,
        )}), so ESO cannot read it.`,
        remedy,
      });
    }
  }
  return findings;
};
