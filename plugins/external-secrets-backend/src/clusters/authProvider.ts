import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import { ExternalSecretsCluster } from '@eso-health/plugin-external-secrets-node';

/** The `authProvider` of a cluster whose connection comes from a kubeconfig file (ours). */
export const KUBECONFIG_AUTH_PROVIDER = 'kubeconfig';

/** The `authProvider` of a cluster (`authMetadata['kubernetes.io/auth-provider']`). */
export function authProviderOf(cluster: ExternalSecretsCluster): string {
  return cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ?? '';
}
