import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  TimelineQuery,
  TimelineResponse,
} from '@eso-health/plugin-external-secrets-common';
import { externalSecretsApiRef } from '../api';

/** The window the card draws. */
export const TIMELINE_DAYS = 30;

export interface ExternalSecretTimelineState {
  /** Undefined before the first load or when it failed. */
  timeline?: TimelineResponse;
  /** True while a load runs; a reload keeps the previous timeline. */
  loading: boolean;
  error?: Error;
  retry: () => void;
}

/**
 * The last {@link TIMELINE_DAYS} days of one ExternalSecret, loaded lazily like its history:
 * only once `enabled` turns true, and again on `refreshKey`.
 */
export function useExternalSecretTimeline(
  target: Pick<TimelineQuery, 'cluster' | 'namespace' | 'name'>,
  options: { enabled?: boolean; refreshKey?: string | number } = {},
): ExternalSecretTimelineState {
  const { enabled = true, refreshKey } = options;
  const api = useApi(externalSecretsApiRef);
  const { cluster, namespace, name } = target;
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    if (!enabled) return undefined;
    return api.getTimeline(
      { cluster, namespace, name },
      { days: TIMELINE_DAYS },
    );
  }, [api, cluster, namespace, name, enabled, refreshKey]);
  return {
    timeline: error ? undefined : value,
    loading: enabled && loading,
    error,
    retry,
  };
}
