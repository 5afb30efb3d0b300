/**
 * A catalog Component for a service whose Kubernetes objects carry its name as
 * `backstage.io/kubernetes-id`: the entity the external-secrets backend reports on.
 */
export function serviceEntity(name: string, owner: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': name },
    },
    spec: {
      type: 'service',
      owner,
      lifecycle: 'production',
    },
  };
}

/** A Ready condition of True, as ESO writes it on stores and ExternalSecrets. */
function ready(reason: string, message: string, lastTransitionTime?: string) {
  return {
    type: 'Ready',
    status: 'True',
    reason,
    message,
    ...(lastTransitionTime ? { lastTransitionTime } : {}),
  };
}

/** A ClusterSecretStore `name` of `provider` (e.g. `{ aws: { service, region } }`), Ready. */
export function readyClusterSecretStore(
  name: string,
  provider: Record<string, unknown>,
) {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name },
    spec: { provider },
    status: { conditions: [ready('Valid', 'store validated')] },
  };
}

/**
 * The manifests of one synced secret of the service `namespace` (its kubernetes-id): an
 * ExternalSecret reading `key` through the ClusterSecretStore `store`, last synced at
 * `syncedAt`, and its target Secret as ESO wrote it at the same time. A refresh interval of
 * 168 h keeps the sync rules quiet, so that only provider rules can fire.
 */
export function syncedPipeline(options: {
  name: string;
  namespace: string;
  store: string;
  key: string;
  syncedAt: string;
}) {
  const { name, namespace, store, key, syncedAt } = options;
  return [
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: {
        name,
        namespace,
        creationTimestamp: syncedAt,
        labels: { 'backstage.io/kubernetes-id': namespace },
      },
      spec: {
        refreshInterval: '168h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: store },
        target: { name },
        data: [{ secretKey: 'value', remoteRef: { key } }],
      },
      status: {
        refreshTime: syncedAt,
        conditions: [ready('SecretSynced', 'secret synced', syncedAt)],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        namespace,
        managedFields: [
          {
            manager: `externalsecrets.external-secrets.io/${name}`,
            operation: 'Apply',
            apiVersion: 'v1',
            time: syncedAt,
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:data': { 'f:value': {} } },
          },
        ],
      },
      type: 'Opaque',
    },
  ];
}
