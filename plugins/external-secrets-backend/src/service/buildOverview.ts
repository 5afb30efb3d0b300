import {
  ClusterModel,
  EvaluatedExternalSecret,
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
import { claimedExternalSecrets } from './claimedExternalSecrets';
import { OverviewQuery } from './types';

/** Everything of the overview that does not depend on the query, computed once per change. */
interface OverviewSnapshot {
  key: string;
  rows: OverviewServiceRow[];
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
  isVisible?: (entityRefs: string[]) => Promise<Set<string>>;
  now: Date;
}): Promise<OverviewResponse> {
  const { index, services, cache, query } = options;
  const key = `${index.getVersion()}/${options.catalogVersion}`;
  if (cache.snapshot?.key !== key) {
    cache.snapshot = snapshot(key, index, options.models, services);
  }
  const snap = cache.snapshot;

  const search = query.q?.toLowerCase();
  const owner = query.owner ? normaliseOwner(query.owner) : undefined;
  let rows = snap.rows.filter(
    row =>
      (!query.cluster || row.clusters.includes(query.cluster)) &&
      (!query.namespace || row.namespaces.includes(query.namespace)) &&
      (!query.health || row.health === query.health) &&
      (!query.rule || row.rules.includes(query.rule)) &&
      (!owner || row.owner === owner) &&
      (!search ||
        row.entityRef.toLowerCase().includes(search) ||
        (row.title ?? '').toLowerCase().includes(search)),
  );
  if (options.isVisible) {
    const visible = await options.isVisible(rows.map(r => r.entityRef));
    rows = rows.filter(r => visible.has(r.entityRef));
  }

  return {
    generatedAt: options.now.toISOString(),
    totals: {
      services: snap.serviceTotals,
      externalSecrets: snap.externalSecretTotals,
      unassigned: snap.unassigned,
    },
    clusters: index.clusterStates(),
    providers: index.providerStates(),
    storesNotReady: snap.storesNotReady,
    findingsByRule: snap.findingsByRule,
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
  const serviceTotals = emptyCounts();
  const rows: OverviewServiceRow[] = [];
  for (const service of services) {
    const externalSecrets =
      claimedExternalSecrets(index, service.annotations) ?? [];
    externalSecrets.forEach(e => claimed.add(e));
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

  const externalSecretTotals = emptyCounts();
  const findingsByRule: Partial<Record<RuleId, number>> = {};
  const esPerStore = new Map<string, number>();
  let unassigned = 0;
  for (const evaluated of index.all()) {
    const { status } = evaluated;
    externalSecretTotals[status.health]++;
    if (!claimed.has(evaluated)) unassigned++;
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

  return {
    key,
    rows,
    serviceTotals,
    externalSecretTotals,
    unassigned,
    storesNotReady: storesNotReady(models, esPerStore),
    findingsByRule,
  };
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

/** Stores whose Ready condition is not True, with how many ExternalSecrets use each. */
function storesNotReady(
  models: Map<string, ClusterModel>,
  esPerStore: Map<string, number>,
): StoreState[] {
  const result: StoreState[] = [];
  for (const [cluster, model] of models) {
    for (const store of model.storeViews()) {
      if (store.ready?.status === 'True') continue;
      result.push({
        cluster,
        kind: store.kind,
        namespace: store.namespace,
        name: store.name,
        ready: store.ready ? false : null,
        reason: store.ready?.reason ?? null,
        message: store.ready?.message ?? null,
        externalSecrets:
          esPerStore.get(
            storeId(cluster, store.kind, store.namespace, store.name),
          ) ?? 0,
      });
    }
  }
  return result;
}
