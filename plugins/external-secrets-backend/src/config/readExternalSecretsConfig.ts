import { ProviderDumpFormat } from '../providers/ProviderDumpFileSource';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_THRESHOLDS,
  DriftThresholds,
  resolveThresholds,
} from '@eso-health/plugin-external-secrets-common';
import {
  AwsAccountConfig,
  ExternalSecretsCluster,
  readAwsAccounts,
} from '@eso-health/plugin-external-secrets-node';
import { ClusterLocatorConfig } from '../clusters/locators/createClusterSuppliers';
import {
  ClusterDefaults,
  readClusterConfig,
  readSecretsAccess,
} from '../clusters/locators/readClusterConfig';

/** ListSecrets lags changes by minutes anyway; 5 minutes keeps calls near one per 100 secrets per 5 minutes. */
const DEFAULT_PROVIDER_REFRESH: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 4 },
  initialDelay: { seconds: 5 },
};

export interface ManifestsClusterConfig {
  name: string;
  manifests: string;
}

export interface ExternalSecretsConfig {
  /** Clusters read from kubectl dumps (`manifests`), such as the bundled demo. */
  manifestClusters: ManifestsClusterConfig[];
  /** Where live clusters come from; `externalSecrets.clusters`, else the Kubernetes plugin's. */
  clusterLocators: ClusterLocatorConfig[];
  /** Locator types of the Kubernetes plugin that cannot serve a background watcher (`gke`). */
  ignoredLocators: string[];
  /** Applied to every live cluster that does not set them. */
  clusterDefaults: ClusterDefaults;
  /** How often locators are asked again (catalog clusters come and go). */
  clusterLocatorRefreshSeconds: number;
  /** Offline provider dumps, by format (AWS list-secrets files among them). */
  providerDumps: Array<{ path: string; format: ProviderDumpFormat }>;
  /** Live AWS accounts/regions whose Secrets Manager metadata is collected. */
  awsAccounts: AwsAccountConfig[];
  /** Schedule of the provider refresh task (one replica at a time). */
  providerRefresh: SchedulerServiceTaskScheduleDefinition;
  /** ISO time the file-based sources were captured at, when they are replayed as live. */
  replayCapturedAt?: string;
  /** `running`: a replay ages from backend start; `frozen`: it always looks captured just now. */
  replayClock: 'running' | 'frozen';
  thresholds: DriftThresholds;
  evaluationIntervalSeconds: number;
  catalogRefreshSeconds: number;
  /** How long history events and findings samples are kept (`externalSecrets.history.retention`). */
  historyRetention: HumanDuration;
  /** Demo only: write a believable 30-day history into empty histories at start. */
  demoRecordHistory: boolean;
}

const DEFAULT_HISTORY_RETENTION: HumanDuration = { days: 30 };

/**
 * Reads `externalSecrets` once into a typed object. Clusters: `externalSecrets.clusters` when
 * set; else the Kubernetes plugin's `kubernetes.clusterLocatorMethods` (`config`, `catalog`,
 * `localKubectlProxy`), so a portal that configured that plugin needs no second cluster list.
 */
export function readExternalSecretsConfig(root: Config): ExternalSecretsConfig {
  const config = root.getOptionalConfig('externalSecrets');
  const own = config?.getOptionalConfigArray('clusters');
  const manifestClusters: ManifestsClusterConfig[] = [];
  const clusterLocators: ClusterLocatorConfig[] = [];
  const ignoredLocators: string[] = [];
  if (own) {
    const live: ExternalSecretsCluster[] = [];
    for (const cluster of own) {
      const manifests = cluster.getOptionalString('manifests');
      if (manifests) {
        manifestClusters.push({ name: cluster.getString('name'), manifests });
      } else {
        live.push(
          readClusterConfig(
            cluster,
            'externalSecrets.clusters',
            'serviceAccount',
          ),
        );
      }
    }
    if (live.length) clusterLocators.push({ type: 'config', clusters: live });
  } else {
    const methods =
      root.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
    for (const method of methods) {
      const type = method.getString('type');
      if (type === 'config') {
        clusterLocators.push({
          type,
          clusters: (method.getOptionalConfigArray('clusters') ?? []).map(c =>
            readClusterConfig(c, 'kubernetes.clusterLocatorMethods'),
          ),
        });
      } else if (type === 'catalog') {
        clusterLocators.push({
          type,
          options: {
            dangerouslyAllowClusterUrls: method.getOptionalStringArray(
              'dangerouslyAllowClusterUrls',
            ),
            dangerouslyAllowSkipTLSVerify: method.getOptionalBoolean(
              'dangerouslyAllowSkipTLSVerify',
            ),
          },
        });
      } else if (type === 'localKubectlProxy') {
        clusterLocators.push({ type });
      } else {
        ignoredLocators.push(type);
      }
    }
  }

  const names = new Set<string>();
  for (const name of [
    ...manifestClusters.map(c => c.name),
    ...clusterLocators.flatMap(l =>
      l.type === 'config' ? l.clusters.map(c => c.name) : [],
    ),
  ]) {
    if (names.has(name)) {
      throw new InputError(
        `externalSecrets.clusters: the cluster name '${name}' is used twice; names must be unique`,
      );
    }
    names.add(name);
  }

  const replayCapturedAt = config?.getOptionalString('replay.capturedAt');
  if (replayCapturedAt && Number.isNaN(Date.parse(replayCapturedAt))) {
    throw new InputError(
      `externalSecrets.replay.capturedAt must be an ISO date-time, got '${replayCapturedAt}'`,
    );
  }

  const replayClock = config?.getOptionalString('replay.clock') ?? 'running';
  if (replayClock !== 'running' && replayClock !== 'frozen') {
    throw new InputError(
      `externalSecrets.replay.clock must be 'running' or 'frozen', got '${replayClock}'`,
    );
  }

  const thresholds = resolveThresholds(
    Object.fromEntries(
      Object.keys(DEFAULT_THRESHOLDS).map(key => [
        key,
        config?.getOptionalNumber(`thresholds.${key}`),
      ]),
    ),
    key => {
      throw new InputError(
        `externalSecrets.thresholds.${key} must be a non-negative number`,
      );
    },
  );

  const namespaces = config?.getOptionalStringArray(
    'clusterDefaults.namespaces',
  );
  const secrets = config?.has('clusterDefaults')
    ? readSecretsAccess(
        config.getConfig('clusterDefaults'),
        'externalSecrets.clusterDefaults',
      )
    : undefined;
  return {
    manifestClusters,
    clusterLocators,
    ignoredLocators,
    clusterDefaults: {
      ...(secrets ? { secrets } : {}),
      ...(namespaces ? { namespaces } : {}),
    },
    clusterLocatorRefreshSeconds:
      config?.getOptionalNumber('clusterLocatorRefreshSeconds') ?? 60,
    providerDumps: [
      ...(config?.getOptionalStringArray('aws.listSecretsFiles') ?? []).map(
        path => ({ path, format: 'aws-list-secrets' as const }),
      ),
      ...(
        config?.getOptionalStringArray('providerDumps.ssmParameters') ?? []
      ).map(path => ({ path, format: 'ssm-describe-parameters' as const })),
      ...(
        config?.getOptionalStringArray('providerDumps.vaultMetadata') ?? []
      ).map(path => ({ path, format: 'vault-metadata' as const })),
    ],
    awsAccounts: readAwsAccountsConfig(root),
    providerRefresh: config?.has('aws.refresh')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('aws.refresh'),
        )
      : DEFAULT_PROVIDER_REFRESH,
    replayCapturedAt,
    replayClock,
    thresholds,
    evaluationIntervalSeconds:
      config?.getOptionalNumber('evaluationIntervalSeconds') ?? 30,
    catalogRefreshSeconds:
      config?.getOptionalNumber('catalogRefreshSeconds') ?? 10,
    historyRetention: config?.has('history.retention')
      ? readDurationFromConfig(config, { key: 'history.retention' })
      : DEFAULT_HISTORY_RETENTION,
    demoRecordHistory:
      config?.getOptionalBoolean('demo.recordHistory') ?? false,
  };
}

function readAwsAccountsConfig(root: Config): AwsAccountConfig[] {
  try {
    return readAwsAccounts(root);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
}
