import {
  EvaluatedExternalSecret,
  ExternalSecretStatus,
} from '@eso-health/plugin-external-secrets-common';

/**
 * An evaluated ExternalSecret for the history tests: `demo/shop/db`, synced from the
 * ClusterSecretStore `aws`, healthy; `status` replaces any of its fields.
 */
export function evaluated(
  status: Partial<ExternalSecretStatus> = {},
  changes?: EvaluatedExternalSecret['changes'],
): EvaluatedExternalSecret {
  return {
    status: {
      cluster: 'demo',
      namespace: 'shop',
      name: 'db',
      apiVersion: 'external-secrets.io/v1',
      store: { kind: 'ClusterSecretStore', name: 'aws', ready: true },
      targetSecret: 'db',
      refreshInterval: 3600,
      refreshPolicy: 'Periodic',
      lastSyncTime: '2026-11-23T10:00:00.000Z',
      secretChangedAt: '2026-11-23T09:00:00.000Z',
      ready: null,
      health: 'healthy',
      findings: [],
      ...status,
    },
    claim: { namespace: status.namespace ?? 'shop', labelSets: [] },
    ...(changes ? { changes } : {}),
  };
}
