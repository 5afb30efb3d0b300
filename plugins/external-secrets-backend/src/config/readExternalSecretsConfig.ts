import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_THRESHOLDS,
  DriftThresholds,
} from '@eso-health/plugin-external-secrets-common';
import {
  AwsAccountConfig,
  readAwsAccounts,
} from '@eso-health/plugin-external-secrets-node';

/** ListSecrets lags changes by minutes anyway; 5 minutes keeps calls near one per 100 secrets per 5 minutes. */
const DEFAULT_PROVIDER_REFRESH: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 4 },
  initialDelay: { seconds: 5 },
};

export interface ManifestsClusterConfig {
  type: 'manifests';
  name: string;
  manifests: string;
}

/** A live cluster: the fields of a Kubernetes plugin `clusterLocatorMethods[type=config]` entry. */
export interface KubernetesClusterConfig {
  type: 'kubernetes';
  name: string;
  url: string;
  /** Only `serviceAccount` (a static bearer token read on the server) is supported for now. */
  authProvider?: string;
  serviceAccountToken?: string;
  /** Base64 PEM of the API server's CA. */
  caData?: string;
  caFile?: string;
  skipTLSVerify?: boolean;
}

export type ClusterConfig = ManifestsClusterConfig | KubernetesClusterConfig;

export interface ExternalSecretsConfig {
  clusters: ClusterConfig[];
  awsListSecretsFiles: string[];
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
}

/** Reads `externalSecrets` once into a typed object; falls back to the Kubernetes plugin's clusters. */
export function readExternalSecretsConfig(root: Config): ExternalSecretsConfig {
  const config = root.getOptionalConfig('externalSecrets');
  const clusterConfigs =
    config?.getOptionalConfigArray('clusters') ??
    kubernetesPluginClusters(root);
  const clusters = clusterConfigs.map(readCluster);

  const names = new Set<string>();
  for (const { name } of clusters) {
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

  const thresholds = { ...DEFAULT_THRESHOLDS };
  for (const key of Object.keys(DEFAULT_THRESHOLDS) as Array<
    keyof DriftThresholds
  >) {
    const value = config?.getOptionalNumber(`thresholds.${key}`);
    if (value !== undefined) {
      if (!(value >= 0)) {
        throw new InputError(
          `externalSecrets.thresholds.${key} must be a non-negative number`,
        );
      }
      thresholds[key] = value;
    }
  }

  return {
    clusters,
    awsListSecretsFiles:
      config?.getOptionalStringArray('aws.listSecretsFiles') ?? [],
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
      config?.getOptionalNumber('catalogRefreshSeconds') ?? 60,
  };
}

function readAwsAccountsConfig(root: Config): AwsAccountConfig[] {
  try {
    return readAwsAccounts(root);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
}

function kubernetesPluginClusters(root: Config): Config[] {
  const methods =
    root.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return methods
    .filter(method => method.getString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('clusters') ?? []);
}

function readCluster(cluster: Config): ClusterConfig {
  const name = cluster.getString('name');
  const manifests = cluster.getOptionalString('manifests');
  if (manifests) {
    return { type: 'manifests', name, manifests };
  }
  const url = cluster.getOptionalString('url');
  if (!url) {
    throw new InputError(
      `externalSecrets cluster '${name}' needs either 'url' (a live API server) or 'manifests' (a folder of dumps)`,
    );
  }
  return {
    type: 'kubernetes',
    name,
    url,
    authProvider: cluster.getOptionalString('authProvider'),
    serviceAccountToken: cluster.getOptionalString('serviceAccountToken'),
    caData: cluster.getOptionalString('caData'),
    caFile: cluster.getOptionalString('caFile'),
    skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify'),
  };
}
