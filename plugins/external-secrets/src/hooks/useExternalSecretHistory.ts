import { useApi } from '@backstage/core-plugin-api';
import {
  ExternalSecretStatus,
  HistoryEvent,
} from '@eso-health/plugin-external-secrets-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { externalSecretsApiRef } from '../api';

/** How many events the card shows per ExternalSecret. */
export const HISTORY_LIMIT = 10;

export interface ExternalSecretHistoryState {
  /** Newest first, at most `limit`; undefined before the first load or when it failed. */
  events?: HistoryEvent[];
  /** True while a load runs; a reload keeps the previous events. */
  loading: boolean;
  error?: Error;
  retry: () => void;
}

export interface ExternalSecretHistoryOptions {
  /** Nothing is fetched until this is true (the row has been expanded). */
  enabled?: boolean;
  /** Default {@link HISTORY_LIMIT}. */
  limit?: number;
  /** Any change reloads the history, e.g. after "Sync now" or a new sync in the report. */
  refreshKey?: string | number;
}

function timeOf(event: HistoryEvent): number {
  const time = Date.parse(event.at);
  return Number.isNaN(time) ? -Infinity : time;
}

/**
 * Newest first; the backend already orders them, but the card must not depend on it.
 * Unparseable times go last; the sort is stable, so equal times keep their order (two
 * unparseable ones give NaN, which sort() treats as equal).
 */
export function newestFirst(events: HistoryEvent[]): HistoryEvent[] {
  return [...events].sort((a, b) => timeOf(b) - timeOf(a));
}

/**
 * The recent history of one ExternalSecret (syncs, data changes, health changes, sync
 * requests), loaded lazily: only once `enabled` turns true, and again on `refreshKey`.
 */
export function useExternalSecretHistory(
  target: Pick<ExternalSecretStatus, 'cluster' | 'namespace' | 'name'>,
  options: ExternalSecretHistoryOptions = {},
): ExternalSecretHistoryState {
  const { enabled = true, limit = HISTORY_LIMIT, refreshKey } = options;
  const api = useApi(externalSecretsApiRef);
  const { cluster, namespace, name } = target;
  const { value, loading, error, retry } = useAsyncRetry(async (): Promise<
    HistoryEvent[] | undefined
  > => {
    if (!enabled) return undefined;
    const response = await api.getHistory({ cluster, namespace, name, limit });
    return newestFirst(response?.items ?? []).slice(0, limit);
  }, [api, cluster, namespace, name, limit, enabled, refreshKey]);

  return {
    events: error ? undefined : value,
    loading: enabled && loading,
    error,
    retry,
  };
}
