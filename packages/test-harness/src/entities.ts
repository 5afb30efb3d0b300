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
