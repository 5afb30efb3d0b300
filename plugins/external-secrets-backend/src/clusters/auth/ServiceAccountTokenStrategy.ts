import fs from 'node:fs/promises';
import type {
  AuthenticationStrategy,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';

/** Where a pod finds its own service account token (rotated by the kubelet). */
export const IN_CLUSTER_TOKEN_FILE =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * `serviceAccount`: the cluster's `serviceAccountToken`, else the token of the pod the backend
 * runs in, read from its file on every call so the kubelet's rotation is picked up. The same
 * two sources as the Kubernetes plugin's `ServiceAccountStrategy`, which we do not reuse: it
 * loads `@kubernetes/client-node` with a dynamic `import()` on every call (to find the file
 * through `loadFromCluster`), which the backend's CommonJS test runner cannot execute.
 */
export class ServiceAccountTokenStrategy implements AuthenticationStrategy {
  constructor(private readonly tokenFile: string = IN_CLUSTER_TOKEN_FILE) {}

  async getCredential(cluster: ClusterDetails): Promise<KubernetesCredential> {
    const token = cluster.authMetadata.serviceAccountToken;
    if (token) return { type: 'bearer token', token };
    let fromFile: string;
    try {
      fromFile = (await fs.readFile(this.tokenFile, 'utf8')).trim();
    } catch {
      throw new Error(
        `no serviceAccountToken is configured and ${this.tokenFile} cannot be read (the backend does not run in a pod with a service account token)`,
      );
    }
    return { type: 'bearer token', token: fromFile };
  }

  validateCluster(): Error[] {
    return [];
  }

  presentAuthMetadata(): Record<string, string> {
    return {};
  }
}
