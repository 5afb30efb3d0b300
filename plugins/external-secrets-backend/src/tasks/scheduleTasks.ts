import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { DateTime, Duration } from 'luxon';
import { ServiceCatalog } from '../catalog/ServiceCatalog';
import { ExternalSecretsConfig } from '../config/readExternalSecretsConfig';
import { Evaluations } from '../evaluation/Evaluations';
import { HistoryStore } from '../history/HistoryStore';
import { sampleFindings } from '../history/sampleFindings';
import { ProviderRefresher } from '../providers/ProviderRefresher';
import { StoredProviderSource } from '../providers/StoredProviderSource';
import { ExternalSecretsIndex } from '../readModel/ExternalSecretsIndex';
import { ClusterRegistry } from '../sources/ClusterRegistry';

export interface ScheduleTasksOptions {
  scheduler: SchedulerService;
  config: ExternalSecretsConfig;
  clusters: ClusterRegistry;
  evaluations: Evaluations;
  index: ExternalSecretsIndex;
  services: ServiceCatalog;
  history: HistoryStore;
  /** Absent when no provider collector is configured: then nothing is refreshed. */
  providerRefresh?: {
    refresher: ProviderRefresher;
    stored: StoredProviderSource;
  };
  logger: LoggerService;
}

/**
 * The plugin's scheduled work. `local` tasks run on every replica (each keeps its own read
 * model); `global` ones on one replica at a time, because they write shared rows (provider
 * listings, history pruning, findings samples). Notifications schedule themselves
 * (notifications/scheduleNotifications.ts).
 */
export async function scheduleTasks(
  options: ScheduleTasksOptions,
): Promise<void> {
  const { scheduler, config, clusters, evaluations, index, history, logger } =
    options;

  await scheduler.scheduleTask({
    id: 'external-secrets-evaluate',
    scope: 'local',
    frequency: { seconds: config.evaluationIntervalSeconds },
    timeout: { minutes: 1 },
    fn: async () => evaluations.evaluateAll(),
  });
  if (options.providerRefresh) {
    const { refresher, stored } = options.providerRefresh;
    await scheduler.scheduleTask({
      id: 'external-secrets-provider-refresh',
      scope: 'global',
      ...config.providerRefresh,
      fn: async () => {
        // Provider-ahead candidates are judged against the clusters, so the first refresh
        // waits until every cluster has had its first list (or failed it).
        await clusters.listed();
        await refresher.refreshAll();
        await stored.reload();
      },
    });
  }
  await scheduler.scheduleTask({
    id: 'external-secrets-cluster-locators',
    scope: 'local',
    frequency: { seconds: config.clusterLocatorRefreshSeconds },
    timeout: { minutes: 1 },
    initialDelay: { seconds: config.clusterLocatorRefreshSeconds },
    fn: () => clusters.refresh(),
  });
  await scheduler.scheduleTask({
    id: 'external-secrets-catalog-refresh',
    scope: 'local',
    frequency: { seconds: config.catalogRefreshSeconds },
    timeout: { minutes: 1 },
    fn: () => options.services.refresh(),
  });
  await scheduler.scheduleTask({
    id: 'external-secrets-history-prune',
    scope: 'global',
    frequency: { hours: 24 },
    timeout: { minutes: 10 },
    fn: async () => {
      const cutoff = DateTime.now()
        .minus(Duration.fromObject(config.historyRetention))
        .toJSDate();
      const removed = await history.pruneEvents(cutoff);
      const samples = await history.pruneFindings(cutoff);
      logger.info(
        `Pruned ${removed} External Secrets history events and ${samples} findings samples older than ${cutoff.toISOString()}`,
      );
    },
  });
  // Findings over time (the overview's chart): one replica samples every ExternalSecret with
  // findings into the current hour's rows.
  await scheduler.scheduleTask({
    id: 'external-secrets-findings-sample',
    scope: 'global',
    frequency: { minutes: 10 },
    timeout: { minutes: 5 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const evaluated = index.all();
      // Not evaluated yet (just started): an empty index would erase the hour's samples.
      if (evaluated.length) {
        await sampleFindings(history, evaluated, new Date());
      }
    },
  });
}
