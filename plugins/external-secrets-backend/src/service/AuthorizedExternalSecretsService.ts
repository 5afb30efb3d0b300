import { PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  externalSecretsReportReadPermission,
  externalSecretsSyncPermission,
  SyncRequest,
} from '@eso-health/plugin-external-secrets-common';
import {
  ExternalSecretsService,
  HistoryQuery,
  OverviewQuery,
  RequestOptions,
} from './types';

type EntityPermission = ResourcePermission<'catalog-entity'> | BasicPermission;

/**
 * Permission checks around the service (the catalog's Authorized* pattern): reads need
 * `external-secrets.report.read` on the entity, syncs need `external-secrets.sync` on an entity
 * that claims the ExternalSecret.
 */
export class AuthorizedExternalSecretsService
  implements ExternalSecretsService
{
  constructor(
    private readonly inner: ExternalSecretsService,
    private readonly permissions: PermissionsService,
  ) {}

  /**
   * One batched decision per report: `external-secrets.report.read` on the entity, and the
   * catalog's own `catalog.entity.read` (the report is answered from memory, so the catalog does
   * not check it for us). An entity the caller may not read in the catalog is not found, as the
   * catalog would answer.
   */
  async getReport(entityRef: string, options: RequestOptions) {
    const [report, catalog] = await this.permissions.authorize(
      [
        {
          permission: externalSecretsReportReadPermission,
          resourceRef: entityRef,
        },
        { permission: catalogEntityReadPermission, resourceRef: entityRef },
      ],
      { credentials: options.credentials },
    );
    if (catalog.result !== AuthorizeResult.ALLOW) {
      throw new NotFoundError(
        `No catalog entity '${entityRef}': check the entity reference`,
      );
    }
    if (report.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to do this: permission ${externalSecretsReportReadPermission.name} is required on ${entityRef}`,
      );
    }
    return this.inner.getReport(entityRef, options);
  }

  async getOverview(query: OverviewQuery, options: RequestOptions) {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: externalSecretsReportReadPermission }],
      { credentials: options.credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        'You are not allowed to read External Secrets reports (permission external-secrets.report.read)',
      );
    }
    if (decision.result === AuthorizeResult.ALLOW) {
      return this.inner.getOverview(query, options);
    }
    // Conditional: keep only the services the caller may read, decided per entity.
    return this.inner.getOverview(query, {
      ...options,
      isVisible: refs =>
        this.allowed(externalSecretsReportReadPermission, refs, options),
    });
  }

  async requestSync(request: SyncRequest, options: RequestOptions) {
    const owners = await this.inner.claimingEntities(
      request.cluster,
      request.namespace,
      request.name,
    );
    await this.require(externalSecretsSyncPermission, owners, options);
    return this.inner.requestSync(request, options);
  }

  async getHistory(query: HistoryQuery, options: RequestOptions) {
    const owners = await this.inner.claimingEntities(
      query.cluster,
      query.namespace,
      query.name,
    );
    await this.require(externalSecretsReportReadPermission, owners, options);
    return this.inner.getHistory(query, options);
  }

  claimingEntities(cluster: string, namespace: string, name: string) {
    return this.inner.claimingEntities(cluster, namespace, name);
  }

  /**
   * Allows when the caller holds the permission on at least one of the entities. An
   * ExternalSecret no entity claims is checked without a resource, so only an unconditional
   * policy decision (typically for platform admins) lets it through.
   */
  private async require(
    permission: EntityPermission,
    entityRefs: string[],
    options: RequestOptions,
  ): Promise<void> {
    const allowed =
      entityRefs.length > 0
        ? (await this.allowed(permission, entityRefs, options)).size > 0
        : (
            await this.permissions.authorizeConditional(
              [
                {
                  permission:
                    permission as ResourcePermission<'catalog-entity'>,
                },
              ],
              { credentials: options.credentials },
            )
          )[0].result === AuthorizeResult.ALLOW;
    if (!allowed) {
      throw new NotAllowedError(
        `You are not allowed to do this: permission ${
          permission.name
        } is required on ${
          entityRefs.length
            ? entityRefs.join(', ')
            : 'this unassigned ExternalSecret'
        }`,
      );
    }
  }

  private async allowed(
    permission: EntityPermission,
    entityRefs: string[],
    options: RequestOptions,
  ): Promise<Set<string>> {
    if (entityRefs.length === 0) return new Set();
    const decisions = await this.permissions.authorize(
      entityRefs.map(resourceRef => ({
        permission: permission as ResourcePermission<'catalog-entity'>,
        resourceRef,
      })),
      { credentials: options.credentials },
    );
    return new Set(
      entityRefs.filter(
        (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
      ),
    );
  }
}
