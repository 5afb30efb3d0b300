import { parseGoDuration } from '@eso-health/plugin-external-secrets-common';

/**
 * The shortest refresh interval the template accepts without an explicit override. Each
 * refresh is one GetSecretValue call per key; below a minute the calls add cost and
 * throttling risk while rotations (days apart) gain nothing.
 */
export const MIN_REFRESH_INTERVAL_SECONDS = 60;

export interface RefreshIntervalOptions {
  /** The person explicitly allowed an interval under one minute. */
  allowShortRefreshInterval?: boolean;
}

/**
 * Checks `spec.refreshInterval` (a Go duration). Returns a message when it is not a Go
 * duration, is negative, or (unless allowed) shorter than 1m; `0` ("sync once") counts as short.
 * Only periodic refresh reads the interval, so other policies accept any valid duration.
 */
export function checkRefreshInterval(
  value: unknown,
  refreshPolicy: unknown,
  options: RefreshIntervalOptions = {},
): string | undefined {
  if (value === undefined) {
    return 'is missing: set it explicitly (ESO would default to 1h) so reviewers see it';
  }
  const seconds =
    typeof value === 'string' ? parseGoDuration(value) : undefined;
  if (seconds === undefined) {
    return `${JSON.stringify(
      value,
    )} is not a Go duration such as 1h, 15m or 1h30m`;
  }
  if (seconds < 0) return `${JSON.stringify(value)} is negative`;
  const periodic = refreshPolicy === undefined || refreshPolicy === 'Periodic';
  if (
    periodic &&
    seconds < MIN_REFRESH_INTERVAL_SECONDS &&
    !options.allowShortRefreshInterval
  ) {
    return seconds === 0
      ? `"${value}" turns periodic refresh off, so rotations are never picked up: use 1m or more, or allow it explicitly`
      : `"${value}" is shorter than 1m: each refresh calls the provider, so use 1m or more, or allow it explicitly`;
  }
  return undefined;
}
