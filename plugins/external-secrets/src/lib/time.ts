import { DateTime } from 'luxon';
import {
  formatDuration,
  secondsSince,
} from '@eso-health/plugin-external-secrets-common';

/**
 * Pure time helpers. `now` is always a parameter so the card and its tests agree on
 * what "3 min ago" means.
 */

/** "3 minutes ago", "in 2 hours"; "never" for a missing time. */
export function formatRelative(
  iso: string | null | undefined,
  now: Date,
): string {
  if (!iso) return 'never';
  const time = DateTime.fromISO(iso);
  if (!time.isValid) return 'unknown';
  const base = DateTime.fromJSDate(now);
  // Every time shown is in the past; one ahead of `now` is clock skew between the cluster, the
  // provider and this browser, so its age is zero (never "in 2 minutes"), and under 45 s Luxon's
  // "0 seconds ago" reads better as "just now".
  if (secondsSince(time.toMillis(), now.getTime()) < 45) return 'just now';
  return time.toRelative({ base }) ?? 'unknown';
}

/** Exact local time for tooltips, e.g. "2026-03-01 14:05:09 CET". */
export function formatExact(iso: string | null | undefined): string {
  if (!iso) return 'Never';
  const time = DateTime.fromISO(iso);
  if (!time.isValid) return iso;
  return time.toFormat('yyyy-MM-dd HH:mm:ss ZZZZ');
}

/**
 * An ExternalSecret refresh interval the way people write it: 1h, 15m, 1h30m, 45s.
 * 0 means ESO syncs once; null means the spec held no parseable interval.
 */
export function formatInterval(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return 'unknown';
  if (seconds === 0) return 'once';
  return formatDuration(seconds);
}
