import { formatDuration } from '../time/formatDuration';
import { formatAgo } from '../time/formatAgo';
import { parseTime } from '../time/parseTime';
import { Finding } from '../types/findings';
import { Rule } from './types';
import { providerAsOf } from './wording';

/**
 * `provider-expiring`: the provider reports that the current value expires within the
 * threshold (warning) or has expired (error): Vault `delete_version_after`, a parameter's
 * Expiration policy, GCP `expireTime`, Azure `expiresOn`.
 */
export const providerExpiring: Rule = ({ provider, thresholds, now }) => {
  if (!provider) return [];
  const { wording } = provider;
  const findings: Finding[] = [];
  for (const { key, lookup } of provider.keys) {
    if (lookup.status !== 'found' || lookup.secret.deletedDate) continue;
    const { secret, listing } = lookup;
    const expires = parseTime(secret.expiresDate);
    if (expires === undefined) continue;
    const left = (expires - now) / 1000;
    if (left > thresholds.providerExpiringSeconds) continue;
    const asOf = providerAsOf(wording.dataName, listing.refreshedAt, now);
    findings.push({
      rule: 'provider-expiring',
      severity: left <= 0 ? 'error' : 'warning',
      message:
        left <= 0
          ? `${wording.secret(key)} expired at ${
              secret.expiresDate
            } (${formatAgo(
              secret.expiresDate,
              now,
            )}, ${asOf}): ESO can no longer read its current value.`
          : `${wording.secret(key)} expires at ${
              secret.expiresDate
            } (in ${formatDuration(
              left,
            )}, ${asOf}); after that ESO can no longer read its current value.`,
      remedy:
        wording.expiryRemedy?.(secret, listing) ??
        'Write a new value before it expires, or extend its expiry in the provider.',
    });
  }
  return findings;
};
