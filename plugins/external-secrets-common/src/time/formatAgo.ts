import { formatDuration } from './formatDuration';
import { parseTime } from './parseTime';

/**
 * Seconds from `timeMs` to `nowMs` (both epoch ms), never negative. Clocks disagree a little
 * (the cluster, the provider and this host each have their own), so a time slightly ahead of
 * `now` is an age of zero, never a negative age.
 */
export function secondsSince(timeMs: number, nowMs: number): number {
  return Math.max(0, (nowMs - timeMs) / 1000);
}

/**
 * `3h ago`, `45s ago`, or `just now` for less than a second (a time ahead of `now` included);
 * empty when the time does not parse.
 */
export function formatAgo(
  time: string | null | undefined,
  now: number,
): string {
  const ms = parseTime(time);
  if (ms === undefined) return '';
  const seconds = secondsSince(ms, now);
  return seconds < 1 ? 'just now' : `${formatDuration(seconds)} ago`;
}
