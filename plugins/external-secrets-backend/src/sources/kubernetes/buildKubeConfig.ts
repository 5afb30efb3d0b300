import { InputError } from '@backstage/errors';
import type { KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import { ExternalSecretsCluster } from '@eso-health/plugin-external-secrets-node';
import { KubeConfig } from '@kubernetes/client-node';
import {
  authProviderOf,
  KUBECONFIG_AUTH_PROVIDER,
} from '../../clusters/authProvider';

/** Where the credential of each request comes from. */
export interface CredentialSource {
  get(): Promise<KubernetesCredential>;
}

/** The `authProvider.name` of the KubeConfig user whose credential our authenticator supplies. */
const CREDENTIAL_USER = 'external-secrets-credentials';

type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];

/**
 * A `@kubernetes/client-node` authenticator (the library's seam for custom credentials) that asks
 * the cluster's credential source on every request, so a renewed token or certificate applies to
 * the next list or watch without rebuilding anything.
 */
function credentialAuthenticator(credentials: CredentialSource): Authenticator {
  return {
    isAuthProvider: user => user?.authProvider?.name === CREDENTIAL_USER,
    async applyAuthentication(_user, opts) {
      const credential = await credentials.get();
      if (credential.type === 'bearer token') {
        opts.headers = {
          ...(opts.headers as Record<string, string>),
          Authorization: `Bearer ${credential.token}`,
        };
      } else if (credential.type === 'x509 client certificate') {
        (opts as { cert?: string; key?: string }).cert = credential.cert;
        (opts as { cert?: string; key?: string }).key = credential.key;
      }
    },
  };
}

/**
 * Builds the `KubeConfig` of one cluster. A `kubeconfig` cluster is read from its file and
 * context, with whatever user the context names (exec credential plugins, client certificates,
 * tokens: all handled by `@kubernetes/client-node`). Any other cluster gets its server and CA
 * from the cluster details and its credential, on every request, from `credentials`.
 *
 * Throws `InputError` for what can never work: a URL that does not parse, or plain `http`
 * without `skipTLSVerify` (except a local `kubectl proxy`, which has no TLS to verify).
 */
export function buildKubeConfig(
  cluster: ExternalSecretsCluster,
  credentials: CredentialSource,
): KubeConfig {
  const kc = new KubeConfig();
  if (authProviderOf(cluster) === KUBECONFIG_AUTH_PROVIDER) {
    kc.loadFromFile(cluster.kubeconfig!.path);
    if (cluster.kubeconfig?.context)
      kc.setCurrentContext(cluster.kubeconfig.context);
    return kc;
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
  const localProxy = authProviderOf(cluster) === 'localKubectlProxy';
  if (url.protocol === 'http:' && !cluster.skipTLSVerify && !localProxy) {
    throw new InputError(
      `the url of cluster '${cluster.name}' uses plain http: use https, or set skipTLSVerify: true to allow http`,
    );
  }
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url.replace(/\/+$/, ''),
        caData: cluster.caData,
        caFile: cluster.caFile,
        skipTLSVerify:
          cluster.skipTLSVerify === true ||
          (localProxy && url.protocol === 'http:'),
      },
    ],
    users: [
      { name: 'external-secrets', authProvider: { name: CREDENTIAL_USER } },
    ],
    contexts: [
      { name: cluster.name, cluster: cluster.name, user: 'external-secrets' },
    ],
    currentContext: cluster.name,
  });
  kc.addAuthenticator(credentialAuthenticator(credentials));
  return kc;
}
