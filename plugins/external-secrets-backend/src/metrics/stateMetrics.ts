import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import {
  EvaluatedExternalSecret,
  Health,
} from '@eso-health/plugin-external-secrets-common';
import { ServiceCatalog } from '../catalog/ServiceCatalog';
import { ProviderMetadataSource } from '../providers/types';
import { ExternalSecretsIndex } from '../readModel/ExternalSecretsIndex';
import { claimedExternalSecrets } from '../readModel/claimedExternalSecrets';
import { ClusterSet, ClusterSource } from '../sources/types';

const HEALTHS: Health[] = ['healthy', 'warning', 'error', 'unknown'];
const CLUSTER_STATUSES = ['ok', 'error', 'loading'] as const;

export interface StateMetricsOptions {
  metrics: MetricsService;
  index: ExternalSecretsIndex;
  clusters: ClusterSet;
  providers: ProviderMetadataSource[];
  services: ServiceCatalog;
  now?: () => number;
}

/** Per catalog entity: its ExternalSecrets by health and its oldest periodic sync (ms epoch). */
interface ServiceAggregate {
  byHealth: Record<Health, number>;
  oldestSync?: number;
}

/**
 * Observable gauges over the plugin's state, computed when the metrics are collected (a scrape),
 * never per event: the read model (ExternalSecrets by health, findings), the catalog entities
 * claiming ExternalSecrets, the cluster sources and the provider sources. Labels are bounded by
 * configuration and the catalog, never by pods or Secrets (docs/alerting.md lists each bound).
 * Returns a function that stops following the clusters.
 */
export function registerStateMetrics(options: StateMetricsOptions): () => void {
  const { metrics, index, clusters, providers, services } = options;
  const now = options.now ?? Date.now;
  const lastEvents = followClusterEvents(clusters, now);

  metrics
    .createObservableGauge<{
      cluster: string;
      namespace: string;
      health: Health;
    }>('external_secrets.resources', {
      description: 'ExternalSecrets by cluster, namespace and health',
    })
    .addCallback(result => {
      const counts = new Map<string, Record<Health, number>>();
      for (const { status } of index.all()) {
        const key = JSON.stringify([status.cluster, status.namespace]);
        let byHealth = counts.get(key);
        if (!byHealth) counts.set(key, (byHealth = zeroHealths()));
        byHealth[status.health]++;
      }
      for (const [key, byHealth] of counts) {
        const [cluster, namespace] = JSON.parse(key) as [string, string];
        for (const health of HEALTHS)
          result.observe(byHealth[health], { cluster, namespace, health });
      }
    });

  metrics
    .createObservableGauge<{
      cluster: string;
      namespace: string;
      rule: string;
      severity: string;
    }>('external_secrets.findings', {
      description:
        'Findings on ExternalSecrets by rule, severity, cluster and namespace',
    })
    .addCallback(result => {
      const counts = new Map<string, number>();
      for (const { status } of index.all()) {
        for (const finding of status.findings) {
          const key = JSON.stringify([
            status.cluster,
            status.namespace,
            finding.rule,
            finding.severity,
          ]);
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
      for (const [key, count] of counts) {
        const [cluster, namespace, rule, severity] = JSON.parse(key);
        result.observe(count, { cluster, namespace, rule, severity });
      }
    });

  // Claims are resolved once per change of the read model or the catalog, not per scrape.
  let cache:
    | { version: string; aggregates: Map<string, ServiceAggregate> }
    | undefined;
  const serviceAggregates = () => {
    const version = `${index.getVersion()}/${services.getVersion()}`;
    if (cache?.version !== version) {
      cache = { version, aggregates: aggregateServices(index, services) };
    }
    return cache.aggregates;
  };

  metrics
    .createObservableGauge<{ entity_ref: string; health: Health }>(
      'external_secrets.service.resources',
      {
        description:
          'ExternalSecrets claimed by each catalog entity, by health (entities claiming at least one)',
      },
    )
    .addCallback(result => {
      for (const [entityRef, { byHealth }] of serviceAggregates()) {
        for (const health of HEALTHS)
          result.observe(byHealth[health], { entity_ref: entityRef, health });
      }
    });

  metrics
    .createObservableGauge<{ entity_ref: string }>(
      'external_secrets.service.last_sync_age_seconds',
      {
        description:
          "Seconds since the last successful sync of the entity's least recently synced periodic ExternalSecret",
        unit: 's',
      },
    )
    .addCallback(result => {
      const at = now();
      for (const [entityRef, { oldestSync }] of serviceAggregates()) {
        if (oldestSync !== undefined)
          result.observe(Math.max(0, (at - oldestSync) / 1000), {
            entity_ref: entityRef,
          });
      }
    });

  metrics
    .createObservableGauge<{ cluster: string; status: string }>(
      'external_secrets.cluster.status',
      {
        description:
          'Watch state of each cluster: 1 for its current status (ok, error, loading), 0 for the others',
      },
    )
    .addCallback(result => {
      for (const source of clusters.list()) {
        const current = source.state().status;
        for (const status of CLUSTER_STATUSES)
          result.observe(status === current ? 1 : 0, {
            cluster: source.name,
            status,
          });
      }
    });

  metrics
    .createObservableGauge<{ cluster: string }>(
      'external_secrets.cluster.last_event_age_seconds',
      {
        description:
          'Seconds since the cluster source last delivered an object change (list or watch event)',
        unit: 's',
      },
    )
    .addCallback(result => {
      const at = now();
      for (const source of clusters.list()) {
        const last = lastEvents.get(source.name);
        if (last !== undefined)
          result.observe(Math.max(0, (at - last) / 1000), {
            cluster: source.name,
          });
      }
    });

  metrics
    .createObservableGauge<{ provider: string; scope: string }>(
      'external_secrets.provider.refresh_age_seconds',
      {
        description:
          'Seconds since the provider source (account/region, mount, dump) was last refreshed successfully',
        unit: 's',
      },
    )
    .addCallback(result => {
      const at = now();
      for (const state of providers.flatMap(p => p.states())) {
        const refreshed = state.refreshedAt
          ? Date.parse(state.refreshedAt)
          : NaN;
        if (!Number.isNaN(refreshed))
          result.observe(Math.max(0, (at - refreshed) / 1000), {
            provider: state.provider,
            scope: state.scope,
          });
      }
    });

  metrics
    .createObservableGauge<{ provider: string; scope: string }>(
      'external_secrets.provider.refresh_failing',
      {
        description:
          '1 when the latest refresh of the provider source failed (its last good metadata is still used), else 0',
      },
    )
    .addCallback(result => {
      for (const state of providers.flatMap(p => p.states())) {
        result.observe(state.status === 'error' ? 1 : 0, {
          provider: state.provider,
          scope: state.scope,
        });
      }
    });

  return lastEvents.stop;
}

function zeroHealths(): Record<Health, number> {
  return { healthy: 0, warning: 0, error: 0, unknown: 0 };
}

function aggregateServices(
  index: ExternalSecretsIndex,
  services: ServiceCatalog,
): Map<string, ServiceAggregate> {
  const aggregates = new Map<string, ServiceAggregate>();
  for (const service of services.listed()) {
    const claimed: EvaluatedExternalSecret[] =
      claimedExternalSecrets(index, service.annotations) ?? [];
    if (!claimed.length) continue;
    const aggregate: ServiceAggregate = { byHealth: zeroHealths() };
    for (const { status } of claimed) {
      aggregate.byHealth[status.health]++;
      // Only periodic syncs are expected to move; CreatedOnce/OnChange or interval 0 are not.
      if (
        status.refreshPolicy !== 'Periodic' ||
        !status.refreshInterval ||
        !status.lastSyncTime
      )
        continue;
      const synced = Date.parse(status.lastSyncTime);
      if (Number.isNaN(synced)) continue;
      aggregate.oldestSync = Math.min(aggregate.oldestSync ?? synced, synced);
    }
    aggregates.set(service.entityRef, aggregate);
  }
  return aggregates;
}

/** When each cluster's source last delivered an object change, following clusters that come and go. */
function followClusterEvents(clusters: ClusterSet, now: () => number) {
  const times = new Map<string, number>();
  const subscriptions = new Map<ClusterSource, () => void>();
  const follow = () => {
    const current = new Set(clusters.list());
    for (const [source, unsubscribe] of subscriptions) {
      if (current.has(source)) continue;
      unsubscribe();
      subscriptions.delete(source);
      if (!clusters.get(source.name)) times.delete(source.name);
    }
    for (const source of current) {
      if (subscriptions.has(source)) continue;
      subscriptions.set(
        source,
        source.onChange(change => {
          if (change) times.set(source.name, now());
        }),
      );
    }
  };
  const unsubscribeClusters = clusters.onChange(follow);
  follow();
  return {
    get: (cluster: string) => times.get(cluster),
    stop: () => {
      unsubscribeClusters();
      subscriptions.forEach(unsubscribe => unsubscribe());
      subscriptions.clear();
    },
  };
}
