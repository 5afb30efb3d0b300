/** A Ready condition as ESO writes it, last changed on 1 November. */
function readyCondition(
  status: 'True' | 'False',
  reason: string,
  message: string,
) {
  return {
    type: 'Ready',
    status,
    reason,
    message,
    lastTransitionTime: '2026-11-01T00:00:00Z',
  };
}

/**
 * An ExternalSecret as `kubectl get -o yaml` dumps it: created on 1 November, last refreshed on
 * 23 November at 11:30, its Ready condition `ready` (synced, or failing at the provider).
 */
export function externalSecretObject(options: {
  name: string;
  namespace: string;
  store: string;
  remoteRef: { key: string; property?: string };
  ready: 'True' | 'False';
  apiVersion?: string;
  labels?: Record<string, string>;
  /** Added to `spec.target` (whose name is the ExternalSecret's). */
  target?: Record<string, unknown>;
}) {
  const { name, ready } = options;
  return {
    apiVersion: options.apiVersion ?? 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: {
      name,
      namespace: options.namespace,
      creationTimestamp: '2026-11-01T00:00:00Z',
      labels: options.labels ?? {},
    },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: options.store },
      target: { name, ...options.target },
      data: [{ secretKey: 'password', remoteRef: options.remoteRef }],
    },
    status: {
      refreshTime: '2026-11-23T11:30:00Z',
      conditions: [
        ready === 'True'
          ? readyCondition('True', 'SecretSynced', 'secret synced')
          : readyCondition(
              'False',
              'SecretSyncedError',
              'could not get secret data from provider',
            ),
      ],
    },
  };
}

/** A ready AWS Secrets Manager ClusterSecretStore `name` in eu-west-1, as kubectl dumps it. */
export function clusterSecretStoreObject(name: string) {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name },
    spec: {
      provider: { aws: { service: 'SecretsManager', region: 'eu-west-1' } },
    },
    status: {
      conditions: [readyCondition('True', 'Valid', 'store validated')],
    },
  };
}
