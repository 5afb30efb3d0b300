import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { FindingsOverTimeResponse } from '@eso-health/plugin-external-secrets-common';
import { externalSecretsApiRef } from '../api';

/** Findings per hour by severity over the last `days` days (default 30). */
export function useFindingsOverTime(days = 30): {
  value?: FindingsOverTimeResponse;
  loading: boolean;
  error?: Error;
  retry: () => void;
} {
  const api = useApi(externalSecretsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    async () => api.getFindingsOverTime({ days }),
    [api, days],
  );
  return { value: error ? undefined : value, loading, error, retry };
}
