import { useApi } from '@backstage/core-plugin-api';
import { ServiceReport } from '@eso-health/plugin-external-secrets-common';
import { useCallback, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { externalSecretsApiRef } from '../api';
import { useChangeSignal } from './useChangeSignal';

export {
  DEFAULT_POLL_INTERVAL_MS,
  SIGNALS_POLL_INTERVAL_MS,
} from './useChangeSignal';

export interface ServiceReportState {
  /** The newest report loaded; kept when a later poll fails so the card never blanks. */
  report?: ServiceReport;
  /** The error of the latest load, if it failed. */
  error?: Error;
  /** True only for the first load: polling keeps the previous report on screen. */
  loading: boolean;
  retry: () => void;
  /** True when changes arrive through Backstage signals (else the report is polled every 30 s). */
  live: boolean;
}

type Loaded = { entityRef: string; report: ServiceReport };

/**
 * Loads the report of one entity and refreshes it when the backend signals a change (within a
 * second of a cluster event), or by polling every 30 s when signals are not installed.
 */
export function useServiceReport(
  entityRef: string | undefined,
  options: { pollIntervalMs?: number } = {},
): ServiceReportState {
  const api = useApi(externalSecretsApiRef);
  // Tagged with the requested ref: while a new entity loads, react-use still holds the
  // previous value, and the backend may spell the ref differently.
  // A change bumps `changes` rather than calling retry(), which react-use ignores while a load
  // is in flight: a signal arriving mid-load must still lead to a load after that change.
  const [changes, setChanges] = useState(0);
  const { value, error, loading, retry } = useAsyncRetry(async (): Promise<
    Loaded | undefined
  > => {
    if (!entityRef) return undefined;
    return { entityRef, report: await api.getReport(entityRef) };
  }, [api, entityRef, changes]);

  const lastGood = useRef<Loaded | undefined>(undefined);
  if (value) lastGood.current = value;
  const report =
    lastGood.current?.entityRef === entityRef
      ? lastGood.current?.report
      : undefined;

  const refresh = useCallback(() => setChanges(n => n + 1), []);
  const { live } = useChangeSignal(refresh, {
    enabled: !!entityRef,
    pollIntervalMs: options.pollIntervalMs,
  });

  return { report, error, loading: loading && !report && !error, retry, live };
}
