import { formatDuration } from './formatDuration';
import { parseTime } from './parseTime';

/**
 * Seconds from `timeMs` to `nowMs` (both epoch ms), never negative. Clocks disagree a little
 * (the cluster, the provider and this host each have their own), so a time slightly ahead of
 * `now` is an age of zero, never a negative age.
 *
 * @public
 */
export function secondsSince(timeMs: number, nowMs: number): number {
  return Math.max(0, (nowMs - timeMs) / 1000);
}

/**
 * `3h ago`, `45s ago`, or `just now` for less than a second (a time ahead of `now` included).
 * A missing time reads `missing` and one that does not parse `invalid` (both empty by default,
 * as rule messages want; the CLI's table says `never` and `unknown`).
 *
 * @public
 */
export function formatAgo(
  time: string | null | undefined,
  now: number,
  words: { missing?: string; invalid?: string } = {},
): string {
  if (!time) return words.missing ?? '';
  const ms = parseTime(time);
  if (ms === undefined) return words.invalid ?? '';
  const seconds = secondsSince(ms, now);
  return seconds < 1 ? 'just now' : `${formatDuration(seconds)} ago`;
}
