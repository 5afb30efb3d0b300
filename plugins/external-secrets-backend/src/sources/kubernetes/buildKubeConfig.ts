import fs from 'node:fs';
import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { KubernetesClusterConfig } from '../../config/readExternalSecretsConfig';

/** The fields of one configured live cluster that the source uses (`type` is the config's tag). */
export type KubernetesClusterConnection = Omit<KubernetesClusterConfig, 'type'>;

/** Where a pod finds its own service account token. */
const IN_CLUSTER_TOKEN_FILE =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Builds a `KubeConfig` (via `loadFromOptions`) for one cluster. Without `serviceAccountToken`
 * the backend's own in-cluster token is used when it runs in a pod (like the Kubernetes plugin),
 * else requests go without credentials. Throws `InputError` for what can never work: another
 * `authProvider`, a URL that does not parse, or plain `http` without `skipTLSVerify` (refused by
 * `@kubernetes/client-node`).
 */
export function buildKubeConfig(
  cluster: KubernetesClusterConnection,
  inClusterTokenFile: string = IN_CLUSTER_TOKEN_FILE,
): KubeConfig {
  const authProvider = cluster.authProvider ?? 'serviceAccount';
  if (authProvider !== 'serviceAccount') {
    throw new InputError(
      `authProvider '${authProvider}' is not supported by the live External Secrets source yet: ` +
        `use authProvider 'serviceAccount' with a serviceAccountToken for cluster '${cluster.name}'`,
    );
  }
  let url: URL;
  try {
    url = new URL(cluster.url);
  } catch {
    throw new InputError(
      `the url '${cluster.url}' of cluster '${cluster.name}' is not a valid URL`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(
      `the url of cluster '${cluster.name}' must start with https:// (got ${url.protocol})`,
    );
  }
  if (url.protocol === 'http:' && !cluster.skipTLSVerify) {
    throw new InputError(
      `the url of cluster '${cluster.name}' uses plain http: use https, or set skipTLSVerify: true to allow http`,
    );
  }

  let user: Record<string, unknown> = { name: 'external-secrets' };
  if (cluster.serviceAccountToken) {
    user = { ...user, token: cluster.serviceAccountToken };
  } else if (fs.existsSync(inClusterTokenFile)) {
    user = {
      ...user,
      authProvider: {
        name: 'tokenFile',
        config: { tokenFile: inClusterTokenFile },
      },
    };
  }

  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url.replace(/\/+$/, ''),
        caData: cluster.caData,
        caFile: cluster.caFile,
        skipTLSVerify: cluster.skipTLSVerify === true,
      },
    ],
    users: [user],
    contexts: [
      { name: cluster.name, cluster: cluster.name, user: 'external-secrets' },
    ],
    currentContext: cluster.name,
  });
  return kc;
}
