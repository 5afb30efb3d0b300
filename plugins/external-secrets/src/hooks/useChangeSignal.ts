import {
  EXTERNAL_SECRETS_SIGNAL_CHANNEL,
  ExternalSecretsChangedSignal,
} from '@eso-health/plugin-external-secrets-common';
import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect, useRef } from 'react';
import useInterval from 'react-use/esm/useInterval';

/** Poll interval without signals (the backend answers from memory, so it is cheap). */
export const DEFAULT_POLL_INTERVAL_MS = 30_000;
/** With signals, a slow poll only covers a missed signal (e.g. while the socket reconnects). */
export const SIGNALS_POLL_INTERVAL_MS = 5 * 60_000;

/**
 * Calls `refresh` when the backend signals that reports changed (Backstage signals, channel
 * `external-secrets`), and on a poll: every 30 s when signals are not installed, every 5 minutes
 * when they are. Polls skip hidden tabs; signals do not, they are rare and the refetch is cheap.
 */
export function useChangeSignal(
  refresh: () => void,
  options: { enabled?: boolean; pollIntervalMs?: number } = {},
): { live: boolean } {
  const enabled = options.enabled ?? true;
  const { lastSignal, isSignalsAvailable } =
    useSignal<ExternalSecretsChangedSignal>(EXTERNAL_SECRETS_SIGNAL_CHANNEL);
  const latest = useRef(refresh);
  latest.current = refresh;

  useEffect(() => {
    if (enabled && lastSignal) latest.current();
  }, [enabled, lastSignal]);

  useInterval(
    () => {
      if (typeof document === 'undefined' || !document.hidden) latest.current();
    },
    enabled
      ? options.pollIntervalMs ??
          (isSignalsAvailable
            ? SIGNALS_POLL_INTERVAL_MS
            : DEFAULT_POLL_INTERVAL_MS)
      : null,
  );
  return { live: isSignalsAvailable };
}
