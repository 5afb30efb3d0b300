import { formatDuration } from '../time/formatDuration';
import { changedAfterSync } from '../time/changedAfterSync';
import { parseTime } from '../time/parseTime';
import { ExternalSecretView } from '../kubernetes/readExternalSecret';
import { Finding } from '../types/findings';
import { Rule } from './types';
import { forceSyncCommand, providerAsOf } from './wording';

/** True when ESO will not fetch again on its own. */
function neverCatchesUp(es: ExternalSecretView): boolean {
  return (
    es.refreshPolicy === 'CreatedOnce' ||
    es.refreshPolicy === 'OnChange' ||
    es.refreshInterval === 0
  );
}

function nextRefresh(
  es: ExternalSecretView,
  lastSync: number,
  now: number,
): string {
  if (es.refreshPolicy === 'CreatedOnce')
    return 'with refreshPolicy CreatedOnce it will never refresh on its own';
  if (es.refreshPolicy === 'OnChange')
    return 'with refreshPolicy OnChange it refreshes only when the ExternalSecret itself changes';
  if (es.refreshInterval === 0)
    return 'with refreshInterval 0 it will never refresh on its own';
  if (es.refreshInterval === null)
    return 'its refreshInterval is not a valid duration, so the next refresh is unknown';
  const due = lastSync + es.refreshInterval * 1000;
  const windows = es.hasSyncWindows ? ', subject to its sync windows' : '';
  return due > now
    ? `the next refresh is due at ${new Date(
        due,
      ).toISOString()} (in ${formatDuration((due - now) / 1000)})${windows}`
    : `a refresh has been due since ${new Date(due).toISOString()}${windows}`;
}

/** How to pull the new value now: an annotation change works unless ESO ignores it (CreatedOnce, interval 0). */
function remedy(es: ExternalSecretView): string {
  if (
    es.refreshPolicy === 'CreatedOnce' ||
    (es.refreshPolicy === 'Periodic' && es.refreshInterval === 0)
  ) {
    return es.targetName &&
      es.creationPolicy !== 'Merge' &&
      es.creationPolicy !== 'None'
      ? `An annotation change does not make ESO sync here; delete the Secret so ESO recreates it with the current value: kubectl delete secret ${es.targetName} -n ${es.namespace}`
      : 'An annotation change does not make ESO sync here; recreate the ExternalSecret to fetch the current value.';
  }
  return `Force a sync now: ${forceSyncCommand(es)}`;
}

/**
 * `provider-ahead`: the provider's value changed after the last successful sync. Evidence is
 * the current version's creation time when known, else the provider's change time, which may
 * also move on metadata edits; the provider's wording says which.
 */
export const providerAhead: Rule = ({ es, provider, now }) => {
  const lastSync = parseTime(es.refreshTime);
  if (!provider || lastSync === undefined) return [];
  const findings: Finding[] = [];
  for (const { key, lookup } of provider.keys) {
    if (lookup.status !== 'found' || lookup.secret.deletedDate) continue;
    const { secret } = lookup;
    const useVersion =
      provider.evidence !== 'last-changed-date' &&
      parseTime(secret.currentVersionCreatedDate) !== undefined;
    const changedAt = useVersion
      ? secret.currentVersionCreatedDate
      : secret.lastChangedDate;
    const changed = parseTime(changedAt);
    if (changed === undefined || !changedAfterSync(changed, es.refreshTime!))
      continue;
    const { wording } = provider;
    findings.push({
      rule: 'provider-ahead',
      severity: neverCatchesUp(es) ? 'error' : 'warning',
      message: `${wording.secret(key)} ${wording.changed(
        secret,
        useVersion ? 'version' : 'change-time',
      )}, after the last sync at ${
        es.refreshTime
      }, so the cluster holds an older value; ${nextRefresh(
        es,
        lastSync,
        now,
      )} (${providerAsOf(wording.dataName, lookup.listing.refreshedAt, now)}).`,
      remedy: remedy(es),
    });
  }
  return findings;
};
