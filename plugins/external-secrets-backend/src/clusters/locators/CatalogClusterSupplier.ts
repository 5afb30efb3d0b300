import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY,
} from '@backstage/plugin-kubernetes-common';
import {
  ExternalSecretsCluster,
  ExternalSecretsClusterSupplier,
} from '@eso-health/plugin-external-secrets-node';
import { ClusterUrlPolicy, validateClusterUrl } from './validateClusterUrl';

/** Ours, on a cluster's Resource entity: `none` to read no Secrets of that cluster. */
export const SECRETS_ANNOTATION = 'external-secrets.io/secrets';
/** Ours, on a cluster's Resource entity: namespaces to watch with a namespaced Role, comma separated. */
export const NAMESPACES_ANNOTATION = 'external-secrets.io/namespaces';

export interface CatalogClusterSupplierOptions extends ClusterUrlPolicy {
  /** Honour `kubernetes.io/skip-tls-verify: "true"` on entities. */
  dangerouslyAllowSkipTLSVerify?: boolean;
}

/**
 * The Kubernetes plugin's `catalog` locator: Resource entities of `spec.type: kubernetes-cluster`
 * with the annotations `kubernetes.io/api-server`, `kubernetes.io/api-server-certificate-authority`
 * and `kubernetes.io/auth-provider`; every other `kubernetes.io/*` annotation becomes auth
 * metadata (never a `serviceAccountToken`: tokens do not belong in the catalog, and the
 * `serviceAccount` provider is refused here). The URL is checked like the Kubernetes plugin
 * checks it ({@link validateClusterUrl}), since whoever registers an entity chooses it.
 * Asked again on every locator refresh, so clusters added to or removed from the catalog start
 * or stop their watches without a restart.
 */
export class CatalogClusterSupplier implements ExternalSecretsClusterSupplier {
  readonly name = 'catalog';

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
    },
    private readonly options: CatalogClusterSupplierOptions = {},
  ) {}

  async getClusters(): Promise<ExternalSecretsCluster[]> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: {
          kind: 'Resource',
          'spec.type': 'kubernetes-cluster',
          [`metadata.annotations.${ANNOTATION_KUBERNETES_API_SERVER}`]:
            CATALOG_FILTER_EXISTS,
          [`metadata.annotations.${ANNOTATION_KUBERNETES_API_SERVER_CA}`]:
            CATALOG_FILTER_EXISTS,
          [`metadata.annotations.${ANNOTATION_KUBERNETES_AUTH_PROVIDER}`]:
            CATALOG_FILTER_EXISTS,
        },
      },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    const clusters: ExternalSecretsCluster[] = [];
    for (const entity of items) {
      const cluster = await this.toCluster(entity);
      if (cluster) clusters.push(cluster);
    }
    return clusters;
  }

  private async toCluster(
    entity: Entity,
  ): Promise<ExternalSecretsCluster | undefined> {
    const name = entity.metadata.name;
    const annotations = entity.metadata.annotations ?? {};
    const ignore = (why: string) => {
      this.deps.logger.warn(
        `Ignoring kubernetes-cluster Resource '${name}': ${why}`,
      );
      return undefined;
    };
    if (annotations[ANNOTATION_KUBERNETES_AUTH_PROVIDER] === 'serviceAccount') {
      return ignore(
        'the catalog locator does not take the serviceAccount auth provider (a token does not belong in the catalog); configure the cluster in app-config instead',
      );
    }
    const url = annotations[ANNOTATION_KUBERNETES_API_SERVER];
    try {
      await validateClusterUrl(url, this.options);
    } catch (error) {
      return ignore((error as Error).message);
    }
    const secrets = annotations[SECRETS_ANNOTATION];
    if (secrets !== undefined && secrets !== 'none' && secrets !== 'metadata') {
      return ignore(`${SECRETS_ANNOTATION} must be 'metadata' or 'none'`);
    }
    const namespaces = annotations[NAMESPACES_ANNOTATION]?.split(',')
      .map(n => n.trim())
      .filter(Boolean);
    const authMetadata = Object.fromEntries(
      Object.entries(annotations).filter(
        ([key]) =>
          key.startsWith('kubernetes.io/') && key !== 'serviceAccountToken',
      ),
    );
    return {
      name,
      ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
      url,
      authMetadata,
      caData: annotations[ANNOTATION_KUBERNETES_API_SERVER_CA],
      skipTLSVerify:
        this.options.dangerouslyAllowSkipTLSVerify === true &&
        annotations[ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY] === 'true',
      ...(secrets ? { secrets } : {}),
      ...(namespaces?.length ? { namespaces } : {}),
      source: this.name,
    };
  }
}
