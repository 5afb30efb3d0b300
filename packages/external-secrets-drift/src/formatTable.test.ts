import { ExternalSecretStatus } from '@eso-health/plugin-external-secrets-common';
import { DriftReport } from './buildDriftReport';
import { formatTable } from './formatTable';

const now = new Date('2026-11-23T12:00:00Z');

function es(
  partial: Partial<ExternalSecretStatus> & { name: string },
): ExternalSecretStatus {
  return {
    cluster: 'default',
    namespace: 'shop',
    apiVersion: 'external-secrets.io/v1',
    store: { kind: 'ClusterSecretStore', name: 'aws-prod', ready: true },
    targetSecret: partial.name,
    refreshInterval: 3600,
    refreshPolicy: 'Periodic',
    lastSyncTime: '2026-11-23T11:30:00Z',
    secretChangedAt: '2026-11-20T08:00:00Z',
    ready: {
      status: 'True',
      reason: 'SecretSynced',
      message: 'secret synced',
      lastTransitionTime: null,
    },
    health: 'healthy',
    findings: [],
    ...partial,
  };
}

describe('formatTable', () => {
  const gateway = es({
    name: 'gateway',
    health: 'warning',
    refreshInterval: 900,
    findings: [
      {
        rule: 'stale-env',
        severity: 'warning',
        message: 'Containers read an old value.',
        workloads: [
          {
            kind: 'Deployment',
            name: 'api',
            namespace: 'shop',
            reloader: false,
            remedy: 'kubectl rollout restart deployment/api -n shop',
            pods: [
              {
                pod: 'api-1',
                container: 'api',
                startedAt: '2026-11-20T09:14:05Z',
                readsVia: ['envFrom'],
              },
            ],
          },
        ],
      },
    ],
  });
  const report: DriftReport = {
    generatedAt: now.toISOString(),
    services: [
      {
        service: 'shop',
        health: 'warning',
        externalSecrets: [
          es({ name: 'db' }),
          gateway,
          es({
            name: 'once',
            refreshInterval: 0,
            lastSyncTime: null,
            store: { kind: 'SecretStore', name: 'broken', ready: false },
            targetSecret: null,
          }),
        ],
      },
    ],
    unassigned: [
      es({
        name: 'orphan',
        namespace: 'monitoring',
        health: 'error',
        findings: [
          {
            rule: 'target-missing',
            severity: 'error',
            message: 'Secret "orphan" does not exist.',
            remedy: 'Check the controller.',
          },
        ],
      }),
    ],
  };

  it('prints a table per service, findings under their ExternalSecret, and a summary', () => {
    const text = formatTable(report, { cluster: 'demo', now });
    expect(text).toMatchInlineSnapshot(`
      "External Secrets drift report for cluster "demo" at 2026-11-23T12:00:00.000Z
      Provider data: none (pass --aws-secrets, --ssm-parameters or --vault-metadata to check provider-ahead, provider-secret-missing, rotation-overdue and provider-expiring).

      shop: WARNING
        EXTERNALSECRET  STORE                           TARGET SECRET   LAST SYNC  INTERVAL  HEALTH
        shop/db         ClusterSecretStore/aws-prod     db              30m ago    1h        healthy
        shop/gateway    ClusterSecretStore/aws-prod     gateway         30m ago    15m       warning
          WARNING stale-env: Containers read an old value.
            Deployment shop/api
              pod api-1, container api: envFrom, started 3d2h ago
              fix: kubectl rollout restart deployment/api -n shop
        shop/once       SecretStore/broken (not ready)  (not a Secret)  never      once      healthy

      Unassigned (no backstage.io/kubernetes-id label on the ExternalSecret or on a workload reading its Secret):
        EXTERNALSECRET     STORE                        TARGET SECRET  LAST SYNC  INTERVAL  HEALTH
        monitoring/orphan  ClusterSecretStore/aws-prod  orphan         30m ago    1h        error
          ERROR target-missing: Secret "orphan" does not exist.
            fix: Check the controller.

      1 service (1 warning), 4 ExternalSecrets (1 error, 1 warning, 2 healthy), findings: 1 error, 1 warning.
      "
    `);
  });

  it('describes the provider data it was given', () => {
    const text = formatTable(
      { generatedAt: now.toISOString(), services: [], unassigned: [] },
      {
        cluster: 'default',
        now,
        provider: {
          'eu-west-1': {
            provider: 'aws',
            region: 'eu-west-1',
            refreshedAt: '2026-11-23T12:00:00.000Z',
            secrets: [],
          },
        },
      },
    );
    expect(text).toContain(
      'Provider data: AWS Secrets Manager eu-west-1: 0 secrets listed at 2026-11-23T12:00:00.000Z. For AWS Secrets Manager, provider-ahead compares LastChangedDate',
    );
    expect(text).toContain('No ExternalSecrets found.');
  });

  it('names each provider dump, and the LastChangedDate caveat only with AWS Secrets Manager', () => {
    const text = formatTable(
      { generatedAt: now.toISOString(), services: [], unassigned: [] },
      {
        cluster: 'default',
        now,
        provider: {
          'aws-parameter-store/eu-west-1': {
            provider: 'aws-parameter-store',
            region: 'eu-west-1',
            refreshedAt: '2026-11-23T12:00:00.000Z',
            secrets: [],
          },
          'vault/http://vault.vault.svc:8200/secret': {
            provider: 'vault',
            region: 'secret',
            servers: ['http://vault.vault.svc:8200'],
            refreshedAt: '2026-11-23T11:00:00.000Z',
            secrets: [],
          },
        },
      },
    );
    expect(text.split('\n')[1]).toBe(
      'Provider data: AWS Parameter Store eu-west-1: 0 secrets listed at 2026-11-23T12:00:00.000Z; HashiCorp Vault KV v2 secret: 0 secrets listed at 2026-11-23T11:00:00.000Z.',
    );
  });

  it('says when the provider dumps hold no secrets', () => {
    const text = formatTable(
      { generatedAt: now.toISOString(), services: [], unassigned: [] },
      { cluster: 'default', now, provider: {} },
    );
    expect(text.split('\n')[1]).toBe(
      'Provider data: the provider dumps hold no secrets, so no source is loaded.',
    );
  });
});
