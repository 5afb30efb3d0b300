import { useApi } from '@backstage/core-plugin-api';
import { ExternalSecretStatus } from '@eso-health/plugin-external-secrets-common';
import { useCallback, useState } from 'react';
import { externalSecretsApiRef } from '../api';
import { errorMessage } from '../lib/errorMessage';

export interface SyncResult {
  severity: 'success' | 'error';
  message: string;
}

export function externalSecretKey(
  es: Pick<ExternalSecretStatus, 'cluster' | 'namespace' | 'name'>,
) {
  return `${es.cluster}/${es.namespace}/${es.name}`;
}

/**
 * "Sync now": one request at a time per ExternalSecret. The result is kept for a
 * snackbar; the server's message is shown as-is because it names what does work
 * (e.g. deleting the target Secret for CreatedOnce).
 */
export function useSyncExternalSecret(onSynced?: () => void) {
  const api = useApi(externalSecretsApiRef);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [result, setResult] = useState<SyncResult | undefined>();
  // Successful requests per ExternalSecret: a row reloads its history when its count changes.
  const [synced, setSynced] = useState<ReadonlyMap<string, number>>(new Map());

  const sync = useCallback(
    async (es: ExternalSecretStatus) => {
      const key = externalSecretKey(es);
      setPending(prev => new Set(prev).add(key));
      try {
        const response = await api.sync({
          cluster: es.cluster,
          namespace: es.namespace,
          name: es.name,
        });
        const target =
          response.annotated.kind === 'ClusterExternalSecret'
            ? ` (through ClusterExternalSecret ${response.annotated.name})`
            : '';
        setResult({
          severity: 'success',
          message: `Sync requested for ${es.name}${target}; ESO picks it up within seconds.`,
        });
        setSynced(prev => new Map(prev).set(key, (prev.get(key) ?? 0) + 1));
        onSynced?.();
      } catch (e) {
        setResult({
          severity: 'error',
          message: `Could not sync ${es.name}: ${errorMessage(e)}`,
        });
      } finally {
        setPending(prev => {
          const next = new Set(prev);
          next.delete(key);
          return next;
        });
      }
    },
    [api, onSynced],
  );

  return {
    sync,
    isPending: (es: ExternalSecretStatus) => pending.has(externalSecretKey(es)),
    /** How many "Sync now" requests for this ExternalSecret succeeded so far. */
    syncCount: (es: ExternalSecretStatus) =>
      synced.get(externalSecretKey(es)) ?? 0,
    result,
    clearResult: () => setResult(undefined),
  };
}
