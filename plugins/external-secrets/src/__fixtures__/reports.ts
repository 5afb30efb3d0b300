import {
  ClusterState,
  ExternalSecretStatus,
  HistoryEvent,
  HistoryResponse,
  KUBERNETES_ID_ANNOTATION,
  OverviewResponse,
  ProviderState,
  ServiceReport,
} from '@eso-health/plugin-external-secrets-common';
import { Entity } from '@backstage/catalog-model';

/** ISO time `minutes` before the real clock: the card compares against `new Date()`. */
export const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

export const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    annotations: { [KUBERNETES_ID_ANNOTATION]: 'payments' },
  },
  spec: {
    type: 'service',
    owner: 'group:default/team-pay',
    lifecycle: 'production',
  },
};

export const entityWithoutAnnotation: Entity = {
  ...entity,
  metadata: { name: 'docs-site' },
};

/**
 * Cluster prod-us as the backend reports it when it cannot reach it, with data from `minutes`
 * ago: the error says what is wrong and what to do, never how old the data is.
 */
export function unreachableCluster(minutes: number): ClusterState {
  return {
    name: 'prod-us',
    status: 'error',
    error:
      'cannot reach https://prod-us.k8s.example.com:6443 (ETIMEDOUT): check the URL and network',
    lastUpdated: minutesAgo(minutes),
  };
}

export function externalSecret(
  overrides: Partial<ExternalSecretStatus> = {},
): ExternalSecretStatus {
  return {
    cluster: 'prod-eu',
    namespace: 'payments',
    name: 'payments-db',
    apiVersion: 'external-secrets.io/v1',
    store: {
      kind: 'ClusterSecretStore',
      name: 'aws-prod',
      ready: true,
      provider: 'aws',
    },
    targetSecret: 'payments-db',
    refreshInterval: 3600,
    refreshPolicy: 'Periodic',
    lastSyncTime: minutesAgo(3),
    secretChangedAt: minutesAgo(120),
    ready: {
      status: 'True',
      reason: 'SecretSynced',
      message: 'secret synced',
      lastTransitionTime: minutesAgo(600),
    },
    health: 'healthy',
    findings: [],
    ...overrides,
  };
}

export function report(overrides: Partial<ServiceReport> = {}): ServiceReport {
  return {
    entityRef: 'component:default/payments',
    generatedAt: minutesAgo(0),
    health: 'healthy',
    clusters: [{ name: 'prod-eu', status: 'ok', lastUpdated: minutesAgo(0) }],
    providers: [
      {
        provider: 'aws',
        scope: 'aws/eu-west-1',
        status: 'ok',
        refreshedAt: minutesAgo(3),
      },
    ],
    externalSecrets: [externalSecret()],
    ...overrides,
  };
}

export const driftingSecret = externalSecret({
  name: 'payments-api-key',
  targetSecret: 'payments-api-key',
  refreshInterval: 900,
  health: 'warning',
  findings: [
    {
      rule: 'stale-env',
      severity: 'warning',
      message:
        'deployment/payments-api reads payments-api-key as env vars and started before the Secret changed.',
      remedy: 'Restart the workload so its containers read the new value.',
      workloads: [
        {
          kind: 'Deployment',
          name: 'payments-api',
          namespace: 'payments',
          reloader: false,
          remedy: 'kubectl rollout restart deployment/payments-api -n payments',
          pods: [
            {
              pod: 'payments-api-6d8f7-x2x9z',
              container: 'api',
              startedAt: minutesAgo(300),
              readsVia: ['envFrom'],
            },
          ],
        },
      ],
    },
  ],
});

/**
 * Three provider sources as a backend with titles reports them: AWS Secrets Manager (ok), a
 * Vault KV v2 mount whose refresh failed, and AWS Parameter Store with a note.
 */
export function providerSources(): ProviderState[] {
  return [
    {
      provider: 'aws',
      scope: 'aws/111122223333/eu-west-1',
      title: 'AWS Secrets Manager',
      source: 'payments-prod (eu-west-1)',
      status: 'ok',
      refreshedAt: minutesAgo(3),
    },
    {
      provider: 'vault',
      scope: 'vault/vault.lab:8200/secret',
      title: 'HashiCorp Vault KV v2',
      source: 'lab: mount secret/ at http://127.0.0.1:8200',
      status: 'error',
      error: 'Vault lab: permission denied listing secret/metadata (403)',
      refreshedAt: minutesAgo(20),
    },
    {
      provider: 'aws-parameter-store',
      scope: 'aws-parameter-store/111122223333/eu-west-1',
      title: 'AWS Parameter Store',
      source: 'payments-prod (eu-west-1)',
      note: 'Only parameters under /payments/ are listed: other names are not loaded',
      status: 'ok',
      refreshedAt: minutesAgo(5),
    },
  ];
}

/** An ExternalSecret per source of {@link providerSources}, each store naming its source. */
export function providerSourceSecrets(): ExternalSecretStatus[] {
  return [
    externalSecret({
      name: 'payments-db',
      store: {
        kind: 'ClusterSecretStore',
        name: 'aws-prod',
        ready: true,
        provider: 'aws',
        providerTitle: 'AWS Secrets Manager',
        providerScope: 'aws/111122223333/eu-west-1',
      },
    }),
    externalSecret({
      name: 'payments-vault',
      targetSecret: 'payments-vault',
      store: {
        kind: 'SecretStore',
        name: 'vault-lab',
        ready: true,
        provider: 'vault',
        providerTitle: 'HashiCorp Vault KV v2',
        providerScope: 'vault/vault.lab:8200/secret',
      },
    }),
    externalSecret({
      name: 'payments-flags',
      targetSecret: 'payments-flags',
      store: {
        kind: 'SecretStore',
        name: 'ssm-prod',
        ready: true,
        provider: 'aws',
        providerTitle: 'AWS Parameter Store',
        providerScope: 'aws-parameter-store/111122223333/eu-west-1',
      },
    }),
  ];
}

/** One history event of payments-db in prod-eu. */
export function historyEvent(
  overrides: Partial<HistoryEvent> = {},
): HistoryEvent {
  return {
    cluster: 'prod-eu',
    namespace: 'payments',
    name: 'payments-db',
    type: 'synced',
    at: minutesAgo(3),
    detail: 'ESO synced from the provider',
    ...overrides,
  };
}

/** A history answer, deliberately oldest first: the card must sort it itself. */
export function history(): HistoryResponse {
  return {
    items: [
      historyEvent({
        type: 'health-changed',
        at: minutesAgo(300),
        detail: 'warning → healthy',
      }),
      historyEvent({
        type: 'secret-changed',
        at: minutesAgo(120),
        detail: 'Secret payments-db data changed',
      }),
      historyEvent({ type: 'synced', at: minutesAgo(3) }),
      historyEvent({
        type: 'sync-requested',
        at: minutesAgo(60),
        detail: 'sync requested',
      }),
    ],
  };
}

export function overview(
  overrides: Partial<OverviewResponse> = {},
): OverviewResponse {
  return {
    generatedAt: minutesAgo(0),
    totals: {
      services: { error: 2, warning: 5, unknown: 1, healthy: 40 },
      externalSecrets: { error: 3, warning: 9, unknown: 2, healthy: 120 },
      unassigned: 7,
    },
    clusters: [
      { name: 'prod-eu', status: 'ok', lastUpdated: minutesAgo(0) },
      unreachableCluster(25),
    ],
    providers: [
      {
        provider: 'aws',
        scope: 'aws/eu-west-1',
        status: 'ok',
        refreshedAt: minutesAgo(4),
      },
    ],
    storesNotReady: [
      {
        cluster: 'prod-eu',
        kind: 'SecretStore',
        namespace: 'billing',
        name: 'vault-billing',
        ready: false,
        reason: 'InvalidProviderConfig',
        message: 'could not get provider client: permission denied',
        externalSecrets: 4,
      },
    ],
    findingsByRule: { 'sync-failed': 3, 'stale-env': 6 },
    services: {
      items: [
        {
          entityRef: 'component:default/billing',
          title: 'Billing',
          owner: 'group:default/team-billing',
          health: 'error',
          externalSecrets: 4,
          findings: { error: 3, warning: 1, info: 0 },
          rules: ['sync-failed', 'store-not-ready'],
          clusters: ['prod-eu'],
          namespaces: ['billing'],
          oldestSync: minutesAgo(400),
        },
        {
          entityRef: 'component:default/payments',
          owner: 'group:default/team-pay',
          health: 'warning',
          externalSecrets: 2,
          findings: { error: 0, warning: 1, info: 0 },
          rules: ['stale-env'],
          clusters: ['prod-eu', 'prod-us'],
          namespaces: ['payments'],
          oldestSync: minutesAgo(3),
        },
      ],
      total: 48,
      offset: 0,
      limit: 20,
    },
    ...overrides,
  };
}
