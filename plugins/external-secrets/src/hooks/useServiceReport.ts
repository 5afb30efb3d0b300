import { useApi } from '@backstage/core-plugin-api';
import { ServiceReport } from '@eso-health/plugin-external-secrets-common';
import { useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { externalSecretsApiRef } from '../api';

export const DEFAULT_POLL_INTERVAL_MS = 30_000;

export interface ServiceReportState {
  /** The newest report loaded; kept when a later poll fails so the card never blanks. */
  report?: ServiceReport;
  /** The error of the latest load, if it failed. */
  error?: Error;
  /** True only for the first load: polling keeps the previous report on screen. */
  loading: boolean;
  retry: () => void;
}

type Loaded = { entityRef: string; report: ServiceReport };

/**
 * Loads the report of one entity and refreshes it while the page is visible; the backend
 * answers from memory, so a 30 s poll is cheap.
 */
export function useServiceReport(
  entityRef: string | undefined,
  options: { pollIntervalMs?: number } = {},
): ServiceReportState {
  const api = useApi(externalSecretsApiRef);
  // Tagged with the requested ref: while a new entity loads, react-use still holds the
  // previous value, and the backend may spell the ref differently.
  const { value, error, loading, retry } = useAsyncRetry(async (): Promise<
    Loaded | undefined
  > => {
    if (!entityRef) return undefined;
    return { entityRef, report: await api.getReport(entityRef) };
  }, [api, entityRef]);

  const lastGood = useRef<Loaded | undefined>(undefined);
  if (value) lastGood.current = value;
  const report =
    lastGood.current?.entityRef === entityRef
      ? lastGood.current?.report
      : undefined;

  useInterval(
    () => {
      if (typeof document === 'undefined' || !document.hidden) retry();
    },
    entityRef ? options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS : null,
  );

  return { report, error, loading: loading && !report && !error, retry };
}
