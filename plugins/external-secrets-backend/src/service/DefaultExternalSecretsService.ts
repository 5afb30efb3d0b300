import { LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ClusterModel,
  ExternalSecretStatus,
  Health,
  HEALTH_ORDER,
  HistoryResponse,
  OverviewResponse,
  ServiceReport,
  SyncRequest,
  SyncResponse,
  FindingsOverTimeResponse,
  TimelineResponse,
  worstHealth,
} from '@eso-health/plugin-external-secrets-common';
import { DateTime } from 'luxon';
import { ServiceCatalog } from '../catalog/ServiceCatalog';
import { ChangeTracker } from '../history/ChangeTracker';
import { HistoryStore } from '../history/HistoryStore';
import { ExternalSecretsIndex } from '../readModel/ExternalSecretsIndex';
import { ClusterSet } from '../sources/types';
import { ExternalSecretResources } from '../permissions/ExternalSecretResources';
import { buildOverview, OverviewCache, usedBy } from './buildOverview';
import { claimedExternalSecrets } from '../readModel/claimedExternalSecrets';
import {
  ExternalSecretsService,
  HistoryQuery,
  OverviewQuery,
  RequestOptions,
  TimelineQuery,
  VisibilityOptions,
} from './types';

/** Timeline events per answer (the newest kept), and health changes read for its segments. */
const TIMELINE_EVENT_LIMIT = 1000;
const HEALTH_CHANGE_LIMIT = 5000;
const HOUR_MS = 3_600_000;

/** Annotation key ESO's ClusterExternalSecret controller mirrors to its ExternalSecrets. */
export const CES_FORCE_SYNC_ANNOTATION = 'external-secrets.io/force-sync';
/** Any annotation change triggers a sync of an ExternalSecret; this is the conventional key. */
export const ES_FORCE_SYNC_ANNOTATION = 'force-sync';

export interface DefaultExternalSecretsServiceOptions {
  index: ExternalSecretsIndex;
  /** The watched clusters: "Sync now" writes through them. */
  clusters: ClusterSet;
  /** Each cluster's current objects (the overview's stores). */
  models: () => Map<string, ClusterModel>;
  catalog: CatalogService;
  services: ServiceCatalog;
  /** The entities that claim an ExternalSecret (the findings chart's visibility). */
  resources: ExternalSecretResources;
  history: HistoryStore;
  tracker: ChangeTracker;
  logger: LoggerService;
  clock?: () => Date;
}

/** Answers every request from the in-memory index, the catalog and the plugin database. */
export class DefaultExternalSecretsService implements ExternalSecretsService {
  private readonly overviewCache: OverviewCache = {};

  constructor(private readonly options: DefaultExternalSecretsServiceOptions) {}

  /**
   * An entity with Kubernetes annotations is answered from memory (the catalog list and the
   * index): no request to another plugin. Any other entity (one just added, or one without the
   * annotations, whose card explains them) is looked up in the catalog with the caller's
   * credentials.
   */
  async getReport(
    entityRef: string,
    { credentials, allStates }: RequestOptions & { allStates?: boolean },
  ): Promise<ServiceReport> {
    let annotations = this.options.services.find(entityRef)?.annotations;
    if (!annotations) {
      const entity = await this.options.catalog.getEntityByRef(entityRef, {
        credentials,
      });
      if (!entity) {
        throw new NotFoundError(
          `No catalog entity '${entityRef}': check the entity reference`,
        );
      }
      annotations = entity.metadata.annotations;
    }
    const statuses = (
      claimedExternalSecrets(this.options.index, annotations) ?? []
    )
      .map(e => e.status)
      .sort(worstFirst);
    const used = usedBy(statuses.map(status => ({ status })));
    return {
      entityRef,
      generatedAt: this.now().toISOString(),
      health: worstHealth(statuses.map(s => s.health)),
      clusters: this.options.index
        .clusterStates()
        .filter(c => allStates || used.clusters.has(c.name)),
      providers: this.options.index
        .providerStates()
        .filter(p => allStates || used.providerScopes.has(p.scope)),
      externalSecrets: statuses,
    };
  }

  async getOverview(
    query: OverviewQuery,
    options: VisibilityOptions,
  ): Promise<OverviewResponse> {
    const services = await this.options.services.list();
    return buildOverview({
      index: this.options.index,
      models: this.options.models(),
      services,
      catalogVersion: this.options.services.getVersion(),
      cache: this.overviewCache,
      query,
      isVisible: options.isVisible,
      now: this.now(),
    });
  }

  async requestSync(
    request: SyncRequest,
    options: RequestOptions,
  ): Promise<SyncResponse> {
    const { cluster, namespace, name } = request;
    const evaluated = this.options.index.find(cluster, namespace, name);
    const source = this.options.clusters.get(cluster);
    if (!evaluated || !source) {
      throw new NotFoundError(
        `No ExternalSecret ${namespace}/${name} in cluster '${cluster}' is known to the backend`,
      );
    }
    const status = evaluated.status;
    const recreate = `delete the target Secret to make ESO recreate it: kubectl delete secret ${
      status.targetSecret ?? name
    } -n ${namespace}`;
    if (status.refreshPolicy === 'CreatedOnce') {
      throw new InputError(
        `ExternalSecret ${namespace}/${name} has refreshPolicy CreatedOnce, so an annotation change does not sync it; ${recreate}`,
      );
    }
    if (status.refreshInterval === 0 && status.lastSyncTime) {
      throw new InputError(
        `ExternalSecret ${namespace}/${name} has refreshInterval 0 and has already synced, so an annotation change does not sync it again; ${recreate}`,
      );
    }

    const requestedAt = this.now();
    const viaCes = status.clusterExternalSecret;
    const target = viaCes
      ? {
          kind: 'ClusterExternalSecret' as const,
          apiVersion: status.apiVersion,
          name: viaCes,
        }
      : {
          kind: 'ExternalSecret' as const,
          apiVersion: status.apiVersion,
          name,
          namespace,
        };
    const annotation = viaCes
      ? CES_FORCE_SYNC_ANNOTATION
      : ES_FORCE_SYNC_ANNOTATION;
    await source.annotate(target, {
      [annotation]: String(Math.floor(requestedAt.getTime() / 1000)),
    });
    await this.options.tracker.recordSyncRequest({
      cluster,
      namespace,
      name,
      type: 'sync-requested',
      at: requestedAt.toISOString(),
      ...actorOf(options),
      detail: viaCes
        ? `sync requested through ClusterExternalSecret ${viaCes}`
        : 'sync requested',
    });
    return {
      cluster,
      namespace,
      name,
      annotated: target.namespace
        ? { kind: target.kind, name: target.name, namespace: target.namespace }
        : { kind: target.kind, name: target.name },
      annotation,
      requestedAt: requestedAt.toISOString(),
    };
  }

  async getHistory(query: HistoryQuery): Promise<HistoryResponse> {
    const items = await this.options.history.listEvents(query);
    if (
      items.length === 0 &&
      !this.options.index.find(query.cluster, query.namespace, query.name)
    ) {
      throw new NotFoundError(
        `No ExternalSecret ${query.namespace}/${query.name} in cluster '${query.cluster}' and no history for it`,
      );
    }
    return { items };
  }

  async getTimeline(query: TimelineQuery): Promise<TimelineResponse> {
    const to = this.now();
    const from = DateTime.fromJSDate(to).minus({ days: query.days }).toJSDate();
    const bucketSeconds = query.days <= 30 ? 3600 : 21600;
    const ref = {
      cluster: query.cluster,
      namespace: query.namespace,
      name: query.name,
    };
    const current = this.options.index.find(
      ref.cluster,
      ref.namespace,
      ref.name,
    );
    if (!current && !(await this.options.history.hasEvents(ref))) {
      throw new NotFoundError(
        `No ExternalSecret ${query.namespace}/${query.name} in cluster '${query.cluster}' and no history for it`,
      );
    }
    const [window, changes] = await Promise.all([
      this.options.history.timeline({
        ...ref,
        from,
        to,
        limit: TIMELINE_EVENT_LIMIT,
        bucketSeconds,
      }),
      this.options.history.healthChanges({
        ...ref,
        from,
        limit: HEALTH_CHANGE_LIMIT,
      }),
    ]);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      events: window.events,
      truncated: window.truncated,
      syncs: { bucketSeconds, buckets: window.syncs },
      health: healthSegments(
        changes,
        from,
        current?.status.health,
        window.events[0]?.at ?? window.syncs[0]?.at,
        to,
      ),
    };
  }

  async getFindingsOverTime(
    query: { days: number },
    options: VisibilityOptions,
  ): Promise<FindingsOverTimeResponse> {
    const now = this.now();
    const to = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
    const from = new Date(to.getTime() - query.days * 24 * HOUR_MS);
    let visible:
      | ((ref: { cluster: string; namespace: string; name: string }) => boolean)
      | undefined;
    if (options.isVisible) {
      // The ExternalSecrets claimed by an entity the caller may read, as the overview counts them.
      const claims = await this.options.resources.find(
        this.options.index.all().map(e => e.status),
      );
      const owners = [
        ...new Set(
          claims.flatMap(c => c?.claimedBy.map(e => e.entityRef) ?? []),
        ),
      ];
      const readable = await options.isVisible(owners);
      const keys = new Set(
        claims
          .filter(c => c?.claimedBy.some(e => readable.has(e.entityRef)))
          .map(c => `${c!.cluster}/${c!.namespace}/${c!.name}`),
      );
      visible = ref => keys.has(`${ref.cluster}/${ref.namespace}/${ref.name}`);
    }
    const { since, points } = await this.options.history.findingsOverTime(
      from,
      visible,
    );
    const byHour = new Map(points.map(p => [p.at, p]));
    const start = since
      ? Math.max(from.getTime(), new Date(since).getTime())
      : to.getTime() + HOUR_MS;
    const series = [];
    for (let t = start; t <= to.getTime(); t += HOUR_MS) {
      const at = new Date(t).toISOString();
      series.push(byHour.get(at) ?? { at, error: 0, warning: 0, info: 0 });
    }
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      bucketSeconds: 3600,
      since,
      points: series,
    };
  }

  private now(): Date {
    return (this.options.clock ?? (() => new Date()))();
  }
}

/** The user who asked, for the history (a service principal has none). */
function actorOf(options: RequestOptions): { actor?: string } {
  const principal = options.credentials?.principal as
    | { type?: string; userEntityRef?: string }
    | undefined;
  return principal?.type === 'user' && principal.userEntityRef
    ? { actor: principal.userEntityRef }
    : {};
}

/**
 * Health segments over the window from its health changes (the last one before the window
 * included) and the current health; without any change, one segment from the first known
 * event (the current health is all that is known).
 */
export function healthSegments(
  changes: Array<{ at: string; health?: Health }>,
  from: Date,
  current: Health | undefined,
  firstKnown: string | undefined,
  now: Date,
): TimelineResponse['health'] {
  const known = changes.filter(
    (c): c is { at: string; health: Health } => c.health !== undefined,
  );
  const segments: TimelineResponse['health'] = [];
  for (const [i, change] of known.entries()) {
    const start = new Date(
      Math.max(new Date(change.at).getTime(), from.getTime()),
    ).toISOString();
    segments.push({
      from: start,
      to: known[i + 1]?.at ?? null,
      health: change.health,
    });
  }
  const last = segments[segments.length - 1];
  if (current && last && last.health !== current) {
    // The newest health is not recorded yet (no claim so far): it holds from now on.
    last.to = now.toISOString();
    segments.push({ from: last.to, to: null, health: current });
  }
  if (!last && current) {
    segments.push({
      from: firstKnown ?? from.toISOString(),
      to: null,
      health: current,
    });
  }
  return segments;
}

function worstFirst(a: ExternalSecretStatus, b: ExternalSecretStatus): number {
  return (
    HEALTH_ORDER[b.health] - HEALTH_ORDER[a.health] ||
    a.cluster.localeCompare(b.cluster) ||
    a.namespace.localeCompare(b.namespace) ||
    a.name.localeCompare(b.name)
  );
}
