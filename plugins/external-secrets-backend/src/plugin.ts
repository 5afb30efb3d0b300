import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  providerAheadCandidates,
  readProviderSecrets,
} from '@eso-health/plugin-external-secrets-common';
import { AwsSecretsManagerCollector } from '@eso-health/plugin-external-secrets-node';
import { ClusterAuthStrategies } from './clusters/auth/ClusterAuthStrategies';
import { ClusterRegistry } from './sources/ClusterRegistry';
import { createClusterSuppliers } from './clusters/locators/createClusterSuppliers';
import { ServiceCatalog } from './catalog/ServiceCatalog';
import { readExternalSecretsConfig } from './config/readExternalSecretsConfig';
import { ChangeTracker } from './history/ChangeTracker';
import { openDatabase } from './database/openDatabase';
import { HistoryStore } from './history/HistoryStore';
import { Evaluations } from './evaluation/Evaluations';
import { ExternalSecretsIndex } from './readModel/ExternalSecretsIndex';
import { ProviderDumpFileSource } from './providers/ProviderDumpFileSource';
import { ProviderListingStore } from './providers/ProviderListingStore';
import { ProviderRefresher } from './providers/ProviderRefresher';
import { StoredProviderSource } from './providers/StoredProviderSource';
import { createRouter } from './router/createRouter';
import { externalSecretPermissionResourceRef } from './permissions/externalSecretRules';
import { ExternalSecretResources } from './permissions/ExternalSecretResources';
import { registerPermissions } from './permissions/registerPermissions';
import { AuthorizedExternalSecretsService } from './service/AuthorizedExternalSecretsService';
import { DefaultExternalSecretsService } from './service/DefaultExternalSecretsService';
import { ManifestsClusterSource } from './sources/manifests/ManifestsClusterSource';
import { createReplay } from './lib/Replay';
import { createEvaluationMetrics } from './metrics/evaluationMetrics';
import { registerStateMetrics } from './metrics/stateMetrics';
import { ChangeSignals } from './signals/ChangeSignals';
import { recordDemoHistory } from './demo/recordDemoHistory';
import { scheduleNotifications } from './notifications/scheduleNotifications';
import { registerExtensionPoints } from './extensions/registerExtensionPoints';
import { scheduleTasks } from './tasks/scheduleTasks';

/** How often each replica looks for provider listings another replica stored. */
const PROVIDER_POLL_SECONDS = 15;

/**
 * External Secrets health: watches clusters, evaluates drift in memory, serves reports at
 * /api/external-secrets, and records history in the plugin database.
 *
 * @public
 */
export const externalSecretsPlugin = createBackendPlugin({
  pluginId: 'external-secrets',
  register(env) {
    const extensions = registerExtensionPoints(env);

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        metrics: metricsServiceRef,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const { logger, scheduler } = deps;
        const config = readExternalSecretsConfig(deps.config);
        const replay = config.replayCapturedAt
          ? createReplay({
              capturedAt: config.replayCapturedAt,
              clock: config.replayClock,
              startedAt: new Date(),
            })
          : undefined;
        for (const type of config.ignoredLocators) {
          logger.warn(
            `kubernetes.clusterLocatorMethods type '${type}' is not read by External Secrets: list those clusters in externalSecrets.clusters (docs/clusters.md)`,
          );
        }
        const clusters = new ClusterRegistry({
          staticSources: config.manifestClusters.map(
            cluster =>
              new ManifestsClusterSource({
                name: cluster.name,
                path: cluster.manifests,
                replay,
                logger: logger.child({ cluster: cluster.name }),
              }),
          ),
          suppliers: [
            ...createClusterSuppliers(config.clusterLocators, {
              catalog: deps.catalog,
              auth: deps.auth,
              logger,
            }),
            ...extensions.clusterSuppliers,
          ],
          strategies: new ClusterAuthStrategies({
            config: deps.config,
            logger,
            added: extensions.authStrategies,
          }),
          defaults: config.clusterDefaults,
          logger,
        });
        const db = await openDatabase(deps.database);
        const history = new HistoryStore(db);

        // Live provider metadata: AWS built in, other providers from modules. One replica
        // refreshes (global task) into the database; every replica serves what is stored.
        const collectors = [
          ...(config.awsAccounts.length
            ? [new AwsSecretsManagerCollector(config.awsAccounts)]
            : []),
          ...extensions.collectors,
        ];
        const listings = new ProviderListingStore(db);
        const stored = new StoredProviderSource({
          store: listings,
          scopes: collectors.flatMap(collector =>
            collector.scopes().map(scope => ({
              provider: collector.provider,
              scope,
              title: collector.title ?? collector.provider,
              source: collector.describeScope?.(scope) ?? scope,
            })),
          ),
          pollSeconds: PROVIDER_POLL_SECONDS,
          logger,
        });
        const providers = [
          ...config.providerDumps.map(
            dump => new ProviderDumpFileSource({ ...dump, replay, logger }),
          ),
          ...(collectors.length ? [stored] : []),
        ];
        const tracker = await ChangeTracker.create(history, logger);
        // Clusters → evaluations (incremental, sliced) → the read model requests are answered
        // from; the change tracker records history from the same evaluations.
        const evaluations = new Evaluations({
          clusters,
          providers,
          secretProviders: extensions.secretProviders,
          thresholds: config.thresholds,
          tracker,
          logger,
          onStep: createEvaluationMetrics(deps.metrics).onStep,
        });
        // The refresher asks the evaluated cluster models which secrets the provider is ahead of.
        const refresher = new ProviderRefresher({
          collectors,
          store: listings,
          providerAheadCandidates: (scope, listing) =>
            providerAheadCandidates(
              [...evaluations.models().values()],
              { ...stored.metadata(), [scope]: listing },
              scope,
              extensions.secretProviders,
            ),
          readSecrets: (scope, listing) =>
            readProviderSecrets(
              [...evaluations.models().values()],
              { ...stored.metadata(), [scope]: listing },
              scope,
              extensions.secretProviders,
            ),
          logger,
          metrics: deps.metrics,
        });
        const index = new ExternalSecretsIndex({ clusters, providers });
        evaluations.onUpdate(update => index.apply(update));
        evaluations.onClusterRemoved(cluster => index.dropCluster(cluster));
        const services = new ServiceCatalog(deps.catalog, deps.auth, logger);
        const resources = new ExternalSecretResources({ index, services });
        registerPermissions(deps.permissionsRegistry, resources);
        const stopStateMetrics = registerStateMetrics({
          metrics: deps.metrics,
          index,
          clusters,
          providers,
          services,
        });
        // Open cards and overviews refetch on this signal (a bare revision; docs/architecture.md).
        const changeSignals = new ChangeSignals({
          signals: deps.signals,
          logger,
        });
        index.onChange(() => changeSignals.changed());

        // Sources start in the background (a slow or unreachable cluster never delays startup)
        // and notify the index whenever they load, which then evaluates. Clusters named in
        // config are checked first: one that cannot be watched fails the start, with the reason.
        await clusters.start();
        evaluations.start();
        const providersStarted = Promise.all(
          providers.map(source =>
            source
              .start()
              .catch(error => logger.error(`Source failed to start: ${error}`)),
          ),
        );
        deps.lifecycle.addShutdownHook(async () => {
          evaluations.stop();
          changeSignals.stop();
          stopStateMetrics();
          await Promise.all([
            clusters.stop(),
            ...providers.map(source => source.stop()),
          ]);
          await tracker.flush();
        });

        await scheduleTasks({
          scheduler,
          config,
          clusters,
          evaluations,
          index,
          services,
          history,
          providerRefresh: collectors.length
            ? { refresher, stored }
            : undefined,
          logger,
        });
        if (config.demoRecordHistory) {
          // Demo only: once the clusters are listed and the provider dumps loaded, a full
          // evaluation fills the empty histories.
          (async () => {
            await clusters.listed();
            await providersStarted;
            evaluations.evaluateAll();
            await evaluations.settled();
            await recordDemoHistory({
              store: history,
              evaluated: index.all(),
              now: new Date(),
              logger,
            });
          })().catch(error =>
            logger.error(`Could not record the demo history: ${error}`),
          );
        }

        // Owners hear about errors and lasting warnings (docs/notifications.md); off by default.
        await scheduleNotifications({
          config: deps.config,
          database: db,
          scheduler,
          notifications: deps.notifications,
          index,
          services,
          catalog: deps.catalog,
          auth: deps.auth,
          ready: async () => {
            await clusters.listed();
            await evaluations.settled();
          },
          logger,
        });

        const service = new AuthorizedExternalSecretsService(
          new DefaultExternalSecretsService({
            index,
            clusters,
            models: () => evaluations.models(),
            catalog: deps.catalog,
            services,
            resources,
            history,
            tracker,
            logger,
          }),
          deps.permissions,
          resources,
          deps.permissionsRegistry.getPermissionRuleset(
            externalSecretPermissionResourceRef,
          ),
        );
        deps.httpRouter.use(
          await createRouter({
            service,
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            logger,
          }),
        );
      },
    });
  },
});
