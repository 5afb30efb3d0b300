/**
 * Whether a provider change at `changed` (epoch ms) is surely later than a sync recorded as
 * `refreshTime`. Kubernetes writes times in whole seconds, truncated: a sync recorded as
 * `12:00:05Z` happened in `[12:00:05, 12:00:06)`, so a change at `12:00:05.048` (Vault keeps
 * nanoseconds) may well be older than the sync and is not evidence that the cluster is behind.
 * A change that really followed the sync within that second is seen at ESO's next refresh.
 */
export function changedAfterSync(
  changed: number,
  refreshTime: string,
): boolean {
  const lastSync = Date.parse(refreshTime);
  if (Number.isNaN(lastSync)) return false;
  return /\.\d+/.test(refreshTime)
    ? changed > lastSync
    : changed >= lastSync + 1000;
}
