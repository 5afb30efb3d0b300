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

/** How old the list may be when the overview asks for it before it is listed again. */
const DEFAULT_MAX_AGE_MS = 10_000;

/** Entities per catalog query while listing. */
const PAGE_SIZE = 100;

/**
 * The entities with Kubernetes annotations, listed from the catalog by a background task (every
 * `catalogRefreshSeconds`, 10 by default) and again on demand when the list is older than
 * `maxAgeMs`, so reports and the overview follow the catalog within seconds at a cost of one
 * catalog query per interval, not one per request. Listed with the plugin's own credentials:
 * what a caller may see is decided per request by the permission framework
 * (AuthorizedExternalSecretsService asks for `catalog.entity.read` on the entity too).
 */
export class ServiceCatalog {
  private entities: ServiceEntity[] = [];
  private byRef = new Map<string, ServiceEntity>();
  private listedAt = -Infinity;
  private inFlight?: Promise<void>;
  private version = 0;

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
    private readonly options: { maxAgeMs?: number; now?: () => number } = {},
  ) {}

  /** Re-lists the entities (one query at a time); failures keep the previous list. */
  refresh(): Promise<void> {
    this.inFlight ??= this.listFromCatalog().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  async list(): Promise<ServiceEntity[]> {
    const maxAge = this.options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    if (this.now() - this.listedAt > maxAge) await this.refresh();
    return this.entities;
  }

  /** The entities as last listed, without asking the catalog (metrics read it on every scrape). */
  listed(): ServiceEntity[] {
    return this.entities;
  }

  /** The entity with Kubernetes annotations of this ref, as last listed; undefined when not listed. */
  find(entityRef: string): ServiceEntity | undefined {
    return this.byRef.get(entityRef);
  }

  /** Changes only when the list does, so the overview's cache survives a no-op re-list. */
  getVersion(): number {
    return this.version;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private async listFromCatalog(): Promise<void> {
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
      // Pages, not one list: the catalog runs in this process, and answering one page blocks
      // its event loop in proportion to the page (a whole list of 1,000 entities took ~100 ms).
      const entities: ServiceEntity[] = [];
      for await (const page of this.catalog.streamEntities(
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
          pageSize: PAGE_SIZE,
        },
        { credentials },
      )) {
        entities.push(...page.map(toServiceEntity));
      }
      if (JSON.stringify(entities) !== JSON.stringify(this.entities)) {
        this.entities = entities;
        this.byRef = new Map(entities.map(e => [e.entityRef, e]));
        this.version++;
      }
    } catch (error) {
      this.logger.warn(
        `Could not list catalog entities for External Secrets: ${error}`,
      );
    } finally {
      // A failing catalog is asked again after maxAgeMs too, not on every request.
      this.listedAt = this.now();
    }
  }
}
