import { PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  externalSecretsDetailsReadPermission,
  externalSecretsReportReadPermission,
  externalSecretsSyncPermission,
  stringifyExternalSecretRef,
  SyncRequest,
} from '@eso-health/plugin-external-secrets-common';
import {
  ExternalSecretResource,
  externalSecretRules,
} from '../permissions/externalSecretRules';
import { ExternalSecretResources } from '../permissions/ExternalSecretResources';
import { redactOverview, redactReport, scrubDetails } from './redactDetails';
import {
  ExternalSecretsService,
  HistoryQuery,
  OverviewQuery,
  RequestOptions,
  VisibilityOptions,
  TimelineQuery,
} from './types';

/** The plugin's own rules, when no registry ruleset is given (tests). */
const defaultRuleset: PermissionRuleset<ExternalSecretResource> = {
  getRuleByName(name) {
    const rule = Object.values(externalSecretRules).find(r => r.name === name);
    if (!rule)
      throw new Error(`unknown external-secret permission rule '${name}'`);
    return rule as any;
  },
};

/**
 * Permission checks around the service (the catalog's Authorized* pattern), and what each caller
 * may see (docs/permissions.md):
 * - reads need `external-secrets.report.read` on the entity (a catalog-entity permission); the
 *   overview's rows and aggregates cover only the entities the caller may read;
 * - syncs need `external-secrets.sync` on the ExternalSecret (an `external-secret` permission,
 *   conditional decisions applied here with the plugin's rules);
 * - infrastructure details (cluster and provider errors, ARNs, URLs, paths) are shown in full only
 *   to holders of `external-secrets.details.read`; others get the kind of failure.
 */
export class AuthorizedExternalSecretsService
  implements ExternalSecretsService
{
  private readonly isConditionallyAllowed: (
    decision: PolicyDecision,
    resource: ExternalSecretResource | undefined,
  ) => boolean;

  constructor(
    private readonly inner: ExternalSecretsService,
    private readonly permissions: PermissionsService,
    private readonly resources: Pick<ExternalSecretResources, 'find'>,
    ruleset: PermissionRuleset<ExternalSecretResource> = defaultRuleset,
  ) {
    this.isConditionallyAllowed = createConditionAuthorizer(ruleset);
  }

  /**
   * One batched decision per report: `external-secrets.report.read` on the entity, the catalog's
   * own `catalog.entity.read` (the report is answered from memory, so the catalog does not check
   * it for us) and `external-secrets.details.read`. An entity the caller may not read in the
   * catalog is not found, as the catalog would answer.
   */
  async getReport(entityRef: string, options: RequestOptions) {
    const [report, catalog, details] = await this.permissions.authorize(
      [
        {
          permission: externalSecretsReportReadPermission,
          resourceRef: entityRef,
        },
        { permission: catalogEntityReadPermission, resourceRef: entityRef },
        { permission: externalSecretsDetailsReadPermission },
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
    const admin = details.result === AuthorizeResult.ALLOW;
    const result = await this.inner.getReport(entityRef, {
      ...options,
      allStates: admin,
    });
    return admin ? result : redactReport(result);
  }

  async getOverview(query: OverviewQuery, options: RequestOptions) {
    const visible = await this.reportVisibility(options);
    const admin = await this.holdsDetails(options);
    const overview = await this.inner.getOverview(query, visible);
    return admin ? overview : redactOverview(overview);
  }

  /**
   * `external-secrets.sync` on the ExternalSecret: an unconditional decision as it is, a
   * conditional one applied to the ExternalSecret and the entities that claim it.
   */
  async requestSync(request: SyncRequest, options: RequestOptions) {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: externalSecretsSyncPermission }],
      { credentials: options.credentials },
    );
    let allowed = decision.result === AuthorizeResult.ALLOW;
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      const [resource] = await this.resources.find([request]);
      allowed = this.isConditionallyAllowed(decision, resource);
    }
    if (!allowed) {
      throw new NotAllowedError(
        `You are not allowed to do this: permission ${
          externalSecretsSyncPermission.name
        } is required on ExternalSecret ${stringifyExternalSecretRef(request)}`,
      );
    }
    return this.inner.requestSync(request, options);
  }

  /** History of an ExternalSecret (see assertHistoryReadable). */
  async getHistory(query: HistoryQuery, options: RequestOptions) {
    await this.assertHistoryReadable(query, options);
    const history = await this.inner.getHistory(query, options);
    if (await this.holdsDetails(options)) return history;
    return {
      ...history,
      items: history.items.map(item => ({
        ...item,
        detail: scrubDetails(item.detail),
      })),
    };
  }

  /** The timeline of an ExternalSecret: the same decision as its history. */
  async getTimeline(query: TimelineQuery, options: RequestOptions) {
    await this.assertHistoryReadable(query, options);
    const timeline = await this.inner.getTimeline(query, options);
    if (await this.holdsDetails(options)) return timeline;
    return {
      ...timeline,
      events: timeline.events.map(event => ({
        ...event,
        detail: scrubDetails(event.detail),
      })),
    };
  }

  /**
   * Findings over time: the overview aggregates' visibility, `external-secrets.report.read` per
   * claiming entity (a conditional decision counts only the entities the caller may read).
   */
  async getFindingsOverTime(query: { days: number }, options: RequestOptions) {
    return this.inner.getFindingsOverTime(
      query,
      await this.reportVisibility(options),
    );
  }

  /**
   * `external-secrets.report.read` for the overview and its aggregates: refused outright on a
   * denial; on a conditional decision the request options say which entities the caller may
   * read, decided per entity, so rows and aggregates cover only those.
   */
  private async reportVisibility(
    options: RequestOptions,
  ): Promise<VisibilityOptions> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: externalSecretsReportReadPermission }],
      { credentials: options.credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        'You are not allowed to read External Secrets reports (permission external-secrets.report.read)',
      );
    }
    if (decision.result === AuthorizeResult.ALLOW) return options;
    return {
      ...options,
      isVisible: refs =>
        this.readableEntities(
          externalSecretsReportReadPermission,
          refs,
          options,
        ),
    };
  }

  /**
   * History of an ExternalSecret: `external-secrets.report.read` on one of the entities that
   * claim it. One no entity claims is readable only with an unconditional decision (typically
   * platform admins).
   */
  private async assertHistoryReadable(
    query: { cluster: string; namespace: string; name: string },
    options: RequestOptions,
  ): Promise<void> {
    const [resource] = await this.resources.find([query]);
    const owners = resource?.claimedBy.map(e => e.entityRef) ?? [];
    const allowed =
      owners.length > 0
        ? (
            await this.readableEntities(
              externalSecretsReportReadPermission,
              owners,
              options,
            )
          ).size > 0
        : (
            await this.permissions.authorizeConditional(
              [{ permission: externalSecretsReportReadPermission }],
              { credentials: options.credentials },
            )
          )[0].result === AuthorizeResult.ALLOW;
    // One message whatever the reason: naming the claiming entities, or saying that none
    // claims it, would tell a caller without access that the ExternalSecret exists and whose it is.
    if (!allowed) {
      throw new NotAllowedError(
        `You are not allowed to read the history of this ExternalSecret: permission ${externalSecretsReportReadPermission.name} is required on an entity that claims it`,
      );
    }
  }

  private async holdsDetails(options: RequestOptions): Promise<boolean> {
    const [details] = await this.permissions.authorize(
      [{ permission: externalSecretsDetailsReadPermission }],
      { credentials: options.credentials },
    );
    return details.result === AuthorizeResult.ALLOW;
  }

  private async readableEntities(
    permission: typeof externalSecretsReportReadPermission,
    entityRefs: string[],
    options: RequestOptions,
  ): Promise<Set<string>> {
    if (entityRefs.length === 0) return new Set();
    const decisions = await this.permissions.authorize(
      entityRefs.map(resourceRef => ({ permission, resourceRef })),
      { credentials: options.credentials },
    );
    return new Set(
      entityRefs.filter(
        (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
      ),
    );
  }
}
