import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from '@eso-health/plugin-external-secrets-common';

/** A catalog entity that can own ExternalSecrets (it has a Kubernetes annotation). */
export interface ServiceEntity {
  entityRef: string;
  title?: string;
  owner?: string;
  annotations: Record<string, string>;
}

export function toServiceEntity(entity: Entity): ServiceEntity {
  return {
    entityRef: stringifyEntityRef(entity),
    title: entity.metadata.title,
    owner: normaliseOwner(entity.spec?.owner, entity.metadata.namespace),
    annotations: entity.metadata.annotations ?? {},
  };
}

/** `spec.owner` may be short (`team-a`); the API always returns a full ref (`group:default/team-a`). */
export function normaliseOwner(
  owner: unknown,
  namespace = 'default',
): string | undefined {
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: namespace,
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * The entities with Kubernetes annotations, listed from the catalog in the background so the
 * overview never waits on the catalog. Reports look their one entity up per request instead
 * (with the caller's credentials, so catalog read permissions apply).
 */
export class ServiceCatalog {
  private entities: ServiceEntity[] = [];
  private loaded?: Promise<void>;
  private version = 0;

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
  ) {}

  /** Re-lists the entities; failures keep the previous list. */
  async refresh(): Promise<void> {
    try {
      const credentials = await this.auth.getOwnServiceCredentials();
      const fields = [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.title',
        'metadata.annotations',
        'spec.owner',
      ];
      const { items } = await this.catalog.getEntities(
        {
          filter: [
            {
              [`metadata.annotations.${KUBERNETES_ID_ANNOTATION}`]:
                CATALOG_FILTER_EXISTS,
            },
            {
              [`metadata.annotations.${KUBERNETES_LABEL_SELECTOR_ANNOTATION}`]:
                CATALOG_FILTER_EXISTS,
            },
          ],
          fields,
        },
        { credentials },
      );
      this.entities = items.map(toServiceEntity);
      this.version++;
    } catch (error) {
      this.logger.warn(
        `Could not list catalog entities for External Secrets: ${error}`,
      );
    }
  }

  async list(): Promise<ServiceEntity[]> {
    this.loaded ??= this.refresh();
    await this.loaded;
    return this.entities;
  }

  getVersion(): number {
    return this.version;
  }
}
