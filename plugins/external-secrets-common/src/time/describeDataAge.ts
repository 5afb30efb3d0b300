import { secondsSince } from './formatAgo';
import { parseTime } from './parseTime';

/**
 * `less than a minute`, `12 minutes`, `5 hours`, `3 days`: an age in the largest sensible unit.
 *
 * @public
 */
export function formatAge(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.floor(hours / 24)} days`;
}

/**
 * How much to trust what an unreachable cluster last sent: `data is 12 minutes old`, or
 * `no data has been loaded yet`. The one wording of data age: the backend's log lines, the card
 * and the overview all use it, next to a cluster error that never states an age itself.
 * `lastUpdated` is epoch ms or an ISO time.
 *
 * @public
 */
export function describeDataAge(
  lastUpdated: number | string | null | undefined,
  now: number,
): string {
  const ms =
    typeof lastUpdated === 'number' ? lastUpdated : parseTime(lastUpdated);
  return ms === undefined
    ? 'no data has been loaded yet'
    : `data is ${formatAge(secondsSince(ms, now))} old`;
}
