import {
  ExternalSecretsCluster,
  ExternalSecretsClusterSupplier,
} from '@eso-health/plugin-external-secrets-node';

/** The live clusters listed in config (`externalSecrets.clusters`, or a Kubernetes plugin `config` locator). */
export class ConfigClusterSupplier implements ExternalSecretsClusterSupplier {
  readonly name = 'config';

  constructor(private readonly clusters: ExternalSecretsCluster[]) {}

  async getClusters(): Promise<ExternalSecretsCluster[]> {
    return this.clusters;
  }
}
