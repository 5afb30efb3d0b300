import { formatDuration } from '../time/formatDuration';
import { parseTime } from '../time/parseTime';
import { Rule } from './types';
import { forceSyncCommand } from './wording';

/**
 * `sync-overdue`: a periodic ExternalSecret (interval > 0, no sync windows, which delay syncs
 * on purpose) whose last successful sync is more than factor × interval + margin ago.
 * Exactly at the limit does not fire.
 */
export const syncOverdue: Rule = ({ es, thresholds, now }) => {
  const interval = es.refreshInterval;
  const last = parseTime(es.refreshTime);
  if (
    es.refreshPolicy !== 'Periodic' ||
    !interval ||
    interval <= 0 ||
    es.hasSyncWindows ||
    last === undefined
  ) {
    return [];
  }
  const { syncOverdueFactor: factor, syncOverdueMarginSeconds: margin } =
    thresholds;
  const elapsed = (now - last) / 1000;
  if (elapsed <= factor * interval + margin) return [];
  const failing = es.ready?.status === 'False';
  return [
    {
      rule: 'sync-overdue',
      severity: 'warning',
      message: `Last successful sync was ${formatDuration(elapsed)} ago (${
        es.refreshTime
      }), more than ${factor} × the ${formatDuration(
        interval,
      )} refresh interval + ${formatDuration(
        margin,
      )}: the Secret may hold an old value.`,
      remedy: failing
        ? 'Fix the sync error reported by sync-failed; ESO keeps the last synced value meanwhile.'
        : `Check that the external-secrets controller is running and not overloaded, then force a sync: ${forceSyncCommand(
            es,
          )}`,
    },
  ];
};
