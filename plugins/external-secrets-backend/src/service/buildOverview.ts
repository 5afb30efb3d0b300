import {
  ClusterModel,
  EvaluatedExternalSecret,
  ExternalSecretStatus,
  Health,
  HEALTH_ORDER,
  HealthCounts,
  OverviewResponse,
  OverviewServiceRow,
  RuleId,
  StoreState,
  worstHealth,
} from '@eso-health/plugin-external-secrets-common';
import { normaliseOwner, ServiceEntity } from '../catalog/ServiceCatalog';
import { ExternalSecretsIndex } from '../readModel/ExternalSecretsIndex';
import { claimedExternalSecrets } from '../readModel/claimedExternalSecrets';
import { OverviewQuery } from './types';

/** Everything of the overview that does not depend on the query, computed once per change. */
interface OverviewSnapshot {
  key: string;
  rows: OverviewServiceRow[];
  /** The ExternalSecrets each row's entity claims, for aggregates over what a caller may read. */
  claims: Map<string, EvaluatedExternalSecret[]>;
  serviceTotals: HealthCounts;
  externalSecretTotals: HealthCounts;
  unassigned: number;
  storesNotReady: StoreState[];
  findingsByRule: Partial<Record<RuleId, number>>;
}

export interface OverviewCache {
  snapshot?: OverviewSnapshot;
}

const emptyCounts = (): HealthCounts => ({
  healthy: 0,
  warning: 0,
  error: 0,
  unknown: 0,
});

/**
 * The platform overview: rows per service, worst first, filtered and paged on the server. The
 * query-independent part is cached until the index or the catalog list changes, so a request
 * costs one pass over the service rows, not over every ExternalSecret.
 */
export async function buildOverview(options: {
  index: ExternalSecretsIndex;
  /** Each cluster's objects, for its stores. */
  models: Map<string, ClusterModel>;
  services: ServiceEntity[];
  catalogVersion: number;
  cache: OverviewCache;
  query: OverviewQuery;
  /**
   * The entities the caller may read (conditional decisions); every one when absent. Rows and
   * every aggregate (totals, findings by rule, stores, cluster and provider states) then cover
   * only the ExternalSecrets those entities claim.
   */
  isVisible?: (entityRefs: string[]) => Promise<Set<string>>;
  now: Date;
}): Promise<OverviewResponse> {
  const { index, services, cache, query } = options;
  const key = `${index.getVersion()}/${options.catalogVersion}`;
  if (cache.snapshot?.key !== key) {
    cache.snapshot = snapshot(key, index, options.models, services);
  }
  const snap = cache.snapshot;
  const visible = options.isVisible
    ? await options.isVisible(snap.rows.map(r => r.entityRef))
    : undefined;

  const search = query.q?.toLowerCase();
  const owner = query.owner ? normaliseOwner(query.owner) : undefined;
  const rows = snap.rows.filter(
    row =>
      (!visible || visible.has(row.entityRef)) &&
      (!query.cluster || row.clusters.includes(query.cluster)) &&
      (!query.namespace || row.namespaces.includes(query.namespace)) &&
      (!query.health || row.health === query.health) &&
      (!query.rule || row.rules.includes(query.rule)) &&
      (!owner || row.owner === owner) &&
      (!search ||
        row.entityRef.toLowerCase().includes(search) ||
        (row.title ?? '').toLowerCase().includes(search)),
  );
  const aggregates = visible
    ? visibleAggregates(snap, visible, index, options.models)
    : {
        totals: {
          services: snap.serviceTotals,
          externalSecrets: snap.externalSecretTotals,
          unassigned: snap.unassigned,
        },
        clusters: index.clusterStates(),
        providers: index.providerStates(),
        storesNotReady: snap.storesNotReady,
        findingsByRule: snap.findingsByRule,
      };

  return {
    generatedAt: options.now.toISOString(),
    ...aggregates,
    services: {
      items: rows.slice(query.offset, query.offset + query.limit),
      total: rows.length,
      offset: query.offset,
      limit: query.limit,
    },
  };
}

function snapshot(
  key: string,
  index: ExternalSecretsIndex,
  models: Map<string, ClusterModel>,
  services: ServiceEntity[],
): OverviewSnapshot {
  const claimed = new Set<EvaluatedExternalSecret>();
  const claims = new Map<string, EvaluatedExternalSecret[]>();
  const serviceTotals = emptyCounts();
  const rows: OverviewServiceRow[] = [];
  for (const service of services) {
    const externalSecrets =
      claimedExternalSecrets(index, service.annotations) ?? [];
    externalSecrets.forEach(e => claimed.add(e));
    claims.set(service.entityRef, externalSecrets);
    const row = toRow(service, externalSecrets);
    serviceTotals[row.health]++;
    rows.push(row);
  }
  rows.sort(
    (a, b) =>
      HEALTH_ORDER[b.health] - HEALTH_ORDER[a.health] ||
      b.findings.error - a.findings.error ||
      b.findings.warning - a.findings.warning ||
      a.entityRef.localeCompare(b.entityRef),
  );

  const all = index.all();
  const counted = countExternalSecrets(all);
  return {
    key,
    rows,
    claims,
    serviceTotals,
    externalSecretTotals: counted.totals,
    unassigned: all.filter(e => !claimed.has(e)).length,
    storesNotReady: storesNotReady(models, counted.esPerStore, false),
    findingsByRule: counted.findingsByRule,
  };
}

/** Health totals, findings by rule and ExternalSecrets per store of some ExternalSecrets. */
function countExternalSecrets(
  externalSecrets: Iterable<EvaluatedExternalSecret>,
) {
  const totals = emptyCounts();
  const findingsByRule: Partial<Record<RuleId, number>> = {};
  const esPerStore = new Map<string, number>();
  for (const { status } of externalSecrets) {
    totals[status.health]++;
    for (const finding of status.findings) {
      findingsByRule[finding.rule] = (findingsByRule[finding.rule] ?? 0) + 1;
    }
    const storeKey = storeId(
      status.cluster,
      status.store.kind,
      status.store.kind === 'SecretStore' ? status.namespace : null,
      status.store.name,
    );
    esPerStore.set(storeKey, (esPerStore.get(storeKey) ?? 0) + 1);
  }
  return { totals, findingsByRule, esPerStore };
}

/**
 * The overview's aggregates over what a caller may read: the visible entities and the
 * ExternalSecrets they claim; the clusters those are in and the provider sources their stores
 * read. ExternalSecrets no entity claims are not readable here, so `unassigned` is 0.
 */
function visibleAggregates(
  snap: OverviewSnapshot,
  visible: Set<string>,
  index: ExternalSecretsIndex,
  models: Map<string, ClusterModel>,
): Omit<OverviewResponse, 'generatedAt' | 'services'> {
  const services = emptyCounts();
  const externalSecrets = new Set<EvaluatedExternalSecret>();
  for (const row of snap.rows) {
    if (!visible.has(row.entityRef)) continue;
    services[row.health]++;
    snap.claims.get(row.entityRef)?.forEach(e => externalSecrets.add(e));
  }
  const counted = countExternalSecrets(externalSecrets);
  const { clusters, providerScopes } = usedBy(externalSecrets);
  return {
    totals: { services, externalSecrets: counted.totals, unassigned: 0 },
    clusters: index.clusterStates().filter(c => clusters.has(c.name)),
    providers: index.providerStates().filter(p => providerScopes.has(p.scope)),
    storesNotReady: storesNotReady(models, counted.esPerStore, true),
    findingsByRule: counted.findingsByRule,
  };
}

/** The clusters some ExternalSecrets are in and the provider sources their stores read. */
export function usedBy(
  externalSecrets: Iterable<{ status: ExternalSecretStatus }>,
): { clusters: Set<string>; providerScopes: Set<string> } {
  const clusters = new Set<string>();
  const providerScopes = new Set<string>();
  for (const { status } of externalSecrets) {
    clusters.add(status.cluster);
    if (status.store.providerScope)
      providerScopes.add(status.store.providerScope);
  }
  return { clusters, providerScopes };
}

function toRow(
  service: ServiceEntity,
  externalSecrets: EvaluatedExternalSecret[],
): OverviewServiceRow {
  const findings = { error: 0, warning: 0, info: 0 };
  const rules = new Set<RuleId>();
  const clusters = new Set<string>();
  const namespaces = new Set<string>();
  const healths: Health[] = [];
  let oldestSync: string | null = null;
  for (const { status } of externalSecrets) {
    healths.push(status.health);
    clusters.add(status.cluster);
    namespaces.add(status.namespace);
    for (const finding of status.findings) {
      findings[finding.severity]++;
      rules.add(finding.rule);
    }
    if (
      status.lastSyncTime &&
      (!oldestSync || status.lastSyncTime < oldestSync)
    ) {
      oldestSync = status.lastSyncTime;
    }
  }
  return {
    entityRef: service.entityRef,
    ...(service.title ? { title: service.title } : {}),
    ...(service.owner ? { owner: service.owner } : {}),
    health: worstHealth(healths),
    externalSecrets: externalSecrets.length,
    findings,
    rules: [...rules].sort(),
    clusters: [...clusters].sort(),
    namespaces: [...namespaces].sort(),
    oldestSync,
  };
}

function storeId(
  cluster: string,
  kind: string,
  namespace: string | null,
  name: string,
) {
  return `${cluster}/${kind}/${namespace ?? ''}/${name}`;
}

/**
 * Stores whose Ready condition is not True, with how many ExternalSecrets use each; with
 * `usedOnly`, only the stores those ExternalSecrets use.
 */
function storesNotReady(
  models: Map<string, ClusterModel>,
  esPerStore: Map<string, number>,
  usedOnly: boolean,
): StoreState[] {
  const result: StoreState[] = [];
  for (const [cluster, model] of models) {
    for (const store of model.storeViews()) {
      if (store.ready?.status === 'True') continue;
      const used = esPerStore.get(
        storeId(cluster, store.kind, store.namespace, store.name),
      );
      if (usedOnly && !used) continue;
      result.push({
        cluster,
        kind: store.kind,
        namespace: store.namespace,
        name: store.name,
        ready: store.ready ? false : null,
        reason: store.ready?.reason ?? null,
        message: store.ready?.message ?? null,
        externalSecrets: used ?? 0,
      });
    }
  }
  return result;
}
