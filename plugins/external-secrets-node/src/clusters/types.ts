import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type { ClusterSecretsAccess } from '@eso-health/plugin-external-secrets-common';

/**
 * One live cluster the External Secrets backend watches: the Kubernetes plugin's
 * `ClusterDetails` (name, url, `authMetadata` with `kubernetes.io/auth-provider`, CA, TLS
 * settings), so that clusters, suppliers and auth strategies written for the Kubernetes plugin
 * describe ours too, plus what only a background watcher needs.
 *
 * @public
 */
export interface ExternalSecretsCluster extends ClusterDetails {
  /**
   * Watch only these namespaces (one list and watch per namespace and kind), for clusters that
   * grant the backend a namespaced Role instead of a ClusterRole. All namespaces when absent.
   */
  namespaces?: string[];
  /**
   * `metadata` (default): Secrets are listed and watched as `PartialObjectMetadata`, which needs
   * `list`/`watch` on Secrets, and Kubernetes RBAC cannot restrict that grant to metadata: it
   * returns every Secret's value to whoever asks for the full object. `none`: no Secret is read
   * and no grant on Secrets is needed; ESO's Events and history say when Secrets changed.
   */
  secrets?: ClusterSecretsAccess;
  /**
   * For `authProvider: kubeconfig`: the kubeconfig file and the context to use (its current
   * context when absent). Its exec credential plugins and client certificates are used through
   * `@kubernetes/client-node`.
   */
  kubeconfig?: { path: string; context?: string };
  /** What found the cluster (`config`, `catalog`, `localKubectlProxy`, a module's supplier). */
  source?: string;
}

/**
 * Supplies live clusters to the External Secrets backend. The backend asks every supplier again
 * on a schedule (`externalSecrets.clusterLocatorRefresh`), so clusters that appear or disappear
 * start or stop their watches while it runs. A supplier that fails keeps its last clusters.
 *
 * @public
 */
export interface ExternalSecretsClusterSupplier {
  /** A short name for logs and errors, e.g. `catalog`. */
  readonly name: string;
  getClusters(options: {
    signal?: AbortSignal;
  }): Promise<ExternalSecretsCluster[]>;
}
