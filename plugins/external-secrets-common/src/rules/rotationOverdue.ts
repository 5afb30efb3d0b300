import { formatAgo } from '../time/formatAgo';
import { parseTime } from '../time/parseTime';
import { Finding } from '../types/findings';
import { Rule } from './types';
import { providerAsOf } from './wording';

/** `rotation-overdue`: rotation is enabled and the next rotation date is more than the threshold in the past. */
export const rotationOverdue: Rule = ({ provider, thresholds, now }) => {
  if (!provider) return [];
  const { wording } = provider;
  const findings: Finding[] = [];
  for (const { key, lookup } of provider.keys) {
    if (lookup.status !== 'found') continue;
    const { secret, listing } = lookup;
    const due = parseTime(secret.nextRotationDate);
    if (
      secret.rotationEnabled !== true ||
      secret.deletedDate ||
      due === undefined
    )
      continue;
    if ((now - due) / 1000 <= thresholds.rotationOverdueSeconds) continue;
    findings.push({
      rule: 'rotation-overdue',
      severity: 'warning',
      message: `Rotation of ${wording.secret(key)} was due at ${
        secret.nextRotationDate
      } (${formatAgo(
        secret.nextRotationDate,
        now,
      )}) but has not happened (${providerAsOf(
        wording.dataName,
        listing.refreshedAt,
        now,
      )}): its rotation is failing or stuck.`,
      remedy:
        wording.rotationRemedy?.(secret, listing) ??
        "Check the provider's rotation logs, then rotate it again.",
    });
  }
  return findings;
};
