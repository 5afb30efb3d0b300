/* Fixtures for the rule tests: a healthy, synced AWS-backed ExternalSecret at a fixed time. */
import { DEFAULT_THRESHOLDS } from './thresholds';
import { PodReading } from '../types/findings';
import {
  ProviderRegionMetadata,
  ProviderSecretMetadata,
} from '../types/provider';
import { ExternalSecretView } from '../kubernetes/readExternalSecret';
import { SecretStoreView } from '../kubernetes/readSecretStore';
import { KubeObject } from '../types/kubernetes';
import { awsSecretsManager } from '../providers/aws/awsSecretsManager';
import { SecretProvider } from '../providers/types';
import { ConsumingWorkload, ProviderContext, RuleContext } from './types';

export const NOW = Date.parse('2024-05-01T12:00:00Z');

/** ISO time `seconds` before NOW. */
export function before(seconds: number): string {
  return new Date(NOW - seconds * 1000).toISOString();
}

export const REGION: ProviderRegionMetadata = {
  provider: 'aws',
  region: 'eu-west-1',
  refreshedAt: before(60),
  secrets: [],
};

export function esView(
  overrides: Partial<ExternalSecretView> = {},
): ExternalSecretView {
  return {
    name: 'payments-db',
    namespace: 'payments',
    apiVersion: 'external-secrets.io/v1',
    uid: 'uid-1',
    labels: {},
    creationTimestamp: before(86400),
    storeRef: { kind: 'SecretStore', name: 'aws' },
    targetName: 'db-credentials',
    targetManifest: null,
    creationPolicy: 'Owner',
    refreshInterval: 3600,
    refreshPolicy: 'Periodic',
    hasSyncWindows: false,
    refreshTime: before(600),
    ready: {
      status: 'True',
      reason: 'SecretSynced',
      message: 'secret synced',
      lastTransitionTime: null,
    },
    remoteKeys: ['prod/payments/db'],
    clusterExternalSecret: null,
    ...overrides,
  };
}

export function awsSecret(
  overrides: Partial<ProviderSecretMetadata> = {},
): ProviderSecretMetadata {
  return {
    provider: 'aws',
    region: 'eu-west-1',
    name: 'prod/payments/db',
    arn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/payments/db-AbCdEf',
    lastChangedDate: before(7200),
    ...overrides,
  };
}

export function reading(overrides: Partial<PodReading> = {}): PodReading {
  return {
    pod: 'api-1',
    container: 'app',
    startedAt: before(3600),
    readsVia: ['envFrom'],
    ...overrides,
  };
}

export function workload(
  overrides: Partial<ConsumingWorkload> = {},
): ConsumingWorkload {
  return {
    kind: 'Deployment',
    name: 'api',
    namespace: 'payments',
    reloader: false,
    readings: [reading()],
    ...overrides,
  };
}

/** The ready AWS SecretStore `aws` of `payments`, as the API serves it; `aws` adds provider fields. */
export function storeObject(aws: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'SecretStore',
    metadata: { name: 'aws', namespace: 'payments' },
    spec: {
      provider: {
        aws: { service: 'SecretsManager', region: 'eu-west-1', ...aws },
      },
    },
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'Valid',
          message: 'store validated',
        },
      ],
    },
  };
}

/** That store as readSecretStore reads it: the store of every rule context. */
export function storeView(aws: Record<string, unknown> = {}): SecretStoreView {
  return {
    kind: 'SecretStore',
    name: 'aws',
    namespace: 'payments',
    ready: {
      status: 'True',
      reason: 'Valid',
      message: 'store validated',
      lastTransitionTime: null,
    },
    provider: 'aws',
    providerSpec: {
      aws: { service: 'SecretsManager', region: 'eu-west-1', ...aws },
    },
  };
}

export function context(overrides: Partial<RuleContext> = {}): RuleContext {
  return {
    es: esView(),
    store: storeView(),
    targetSecret: {
      kind: 'Secret',
      metadata: { name: 'db-credentials', namespace: 'payments' },
    },
    targetSecretVisible: true,
    storeVisible: true,
    secretChangedAt: before(86000),
    secretChangeEvidence: 'managed-fields',
    workloads: [],
    warningEvent: undefined,
    provider: providerWith(awsSecret()),
    thresholds: DEFAULT_THRESHOLDS,
    now: NOW,
    ...overrides,
  };
}

/** A provider context (AWS Secrets Manager unless given) whose one key resolved to this secret. */
export function providerWith(
  secret: ProviderSecretMetadata,
  evidence: 'current-version' | 'last-changed-date' = 'current-version',
  provider: SecretProvider = awsSecretsManager,
  listing: ProviderRegionMetadata = REGION,
): ProviderContext {
  return {
    title: provider.title,
    location: `${provider.title} (${listing.region})`,
    wording: provider.wording,
    scope: 'aws/default/eu-west-1',
    prefix: null,
    keys: [
      {
        key: secret.name,
        lookup: {
          status: 'found' as const,
          secret,
          listing,
          scope: 'aws/default/eu-west-1',
        },
      },
    ],
    evidence,
  };
}
