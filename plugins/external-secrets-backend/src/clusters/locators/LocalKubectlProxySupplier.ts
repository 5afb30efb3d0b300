import dns from 'node:dns';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import {
  ExternalSecretsCluster,
  ExternalSecretsClusterSupplier,
} from '@eso-health/plugin-external-secrets-node';

/**
 * The Kubernetes plugin's `localKubectlProxy` locator: one cluster named `local` behind
 * `kubectl proxy` on port 8001 of this host (for development), reached without credentials.
 */
export class LocalKubectlProxySupplier
  implements ExternalSecretsClusterSupplier
{
  readonly name = 'localKubectlProxy';

  async getClusters(): Promise<ExternalSecretsCluster[]> {
    // kubectl proxy listens on 127.0.0.1, not [::1]: prefer the IPv4 address of localhost.
    const { address } = await dns.promises.lookup('localhost', {
      verbatim: false,
    });
    const host = address.includes(':') ? `[${address}]` : address;
    return [
      {
        name: 'local',
        url: `http://${host}:8001`,
        authMetadata: {
          [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: 'localKubectlProxy',
        },
        source: this.name,
      },
    ];
  }
}
