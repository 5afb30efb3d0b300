/**
 * Thresholds of the drift rules, in seconds. Configurable as `externalSecrets.thresholds`.
 *
 * @public
 */
export interface DriftThresholds {
  /** An ExternalSecret without a Ready condition older than this is `not-reconciled`. */
  reconcileGraceSeconds: number;
  /** `sync-overdue` fires when `now − refreshTime > factor × refreshInterval + margin`. */
  syncOverdueFactor: number;
  syncOverdueMarginSeconds: number;
  /** How long Reloader gets to restart a workload before stale-env/stale-subpath become warnings. */
  reloaderGraceSeconds: number;
  /** How long after a change mounted files may still be old (`volume-propagating`). */
  volumePropagationSeconds: number;
  /** `rotation-overdue` fires when the next rotation date is more than this in the past. */
  rotationOverdueSeconds: number;
  /** `provider-expiring` warns when the current value expires within this. */
  providerExpiringSeconds: number;
}

/** @public */
export const DEFAULT_THRESHOLDS: DriftThresholds = {
  reconcileGraceSeconds: 300,
  syncOverdueFactor: 2,
  syncOverdueMarginSeconds: 60,
  reloaderGraceSeconds: 300,
  volumePropagationSeconds: 120,
  rotationOverdueSeconds: 3600,
  providerExpiringSeconds: 7 * 24 * 3600,
};

/**
 * The thresholds in force: each default replaced by its override when that is a finite,
 * non-negative number. Any other override is reported to `onInvalid` (the backend's config
 * reader throws there) and otherwise ignored, so the engine, the backend and the CLI resolve
 * thresholds the same way.
 *
 * @public
 */
export function resolveThresholds(
  overrides: Partial<Record<keyof DriftThresholds, unknown>> | undefined,
  onInvalid?: (key: keyof DriftThresholds, value: unknown) => void,
): DriftThresholds {
  const thresholds = { ...DEFAULT_THRESHOLDS };
  for (const key of Object.keys(thresholds) as Array<keyof DriftThresholds>) {
    const value = overrides?.[key];
    if (value === undefined) continue;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0)
      thresholds[key] = value;
    else onInvalid?.(key, value);
  }
  return thresholds;
}
