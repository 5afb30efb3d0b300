import {
  CreateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import externalSecretsPlugin from '@eso-health/plugin-external-secrets-backend';
import vaultModule from '@eso-health/plugin-external-secrets-backend-module-vault';
import {
  ExternalSecretStatus,
  Finding,
  RuleId,
  ServiceReport,
} from '@eso-health/plugin-external-secrets-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { stringify } from 'yaml';
import {
  Canary,
  capturingRootLogger,
  connectVault,
  filesUnder,
  serviceEntity,
  taskTrigger,
} from '@eso-health/test-harness';
import { Lab } from './lab';

// The seed scenario against a real control plane: etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler and kwok (pods with real startedAt times), the
// External Secrets Operator syncing from moto, and the real backend plugin watching it all.
// Every wait and every call is bounded; a failed wait prints the last report, and every
// failure prints the tails of the lab's logs.

jest.setTimeout(25 * 60_000);

/** Bound for one call to the backend, moto or the lab's kubectl. */
const CALL_TIMEOUT_MS = 30_000;

const SERVICE = 'e2e-shop';
const NS = 'e2e-shop';
const REMOTE_KEY = 'e2e/shop/db';
const ES_NAME = 'shop-db';
const STORE = 'e2e-aws';
const ID_LABEL = { 'backstage.io/kubernetes-id': SERVICE };

const yaml = (...docs: object[]) => docs.map(d => stringify(d)).join('---\n');
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** `promise`, or a rejection naming `what` after `ms`. */
async function within<T>(what: string, ms: number, promise: Promise<T>) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer within ${ms / 1000} s`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function deployment(
  name: string,
  podSpec: { container: object; volumes?: object[] },
  namespace = NS,
  labels: Record<string, string> = ID_LABEL,
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, ...labels } },
        spec: {
          containers: [
            {
              name: 'app',
              // kwok runs no container: the image is never pulled.
              image: 'registry.invalid/e2e/shop:1',
              ...podSpec.container,
            },
          ],
          ...(podSpec.volumes ? { volumes: podSpec.volumes } : {}),
        },
      },
    },
  };
}

const readers = [
  deployment('env-reader', {
    container: { envFrom: [{ secretRef: { name: ES_NAME } }] },
  }),
  deployment('volume-reader', {
    container: {
      volumeMounts: [{ name: 'db', mountPath: '/etc/db', readOnly: true }],
    },
    volumes: [{ name: 'db', secret: { secretName: ES_NAME } }],
  }),
  deployment('subpath-reader', {
    container: {
      volumeMounts: [
        {
          name: 'db',
          mountPath: '/etc/db/password',
          subPath: 'password',
          readOnly: true,
        },
      ],
    },
    volumes: [{ name: 'db', secret: { secretName: ES_NAME } }],
  }),
];

describe('the whole secret flow on a real cluster', () => {
  let lab: Lab;
  let aws: SecretsManagerClient;
  /** The portal of an EKS user: only the Kubernetes plugin's cluster config, `aws` auth. */
  let server: any;
  /** A portal whose identity may not read Secrets at all (`secrets: none`). */
  let noSecrets: any;
  const providerRefresh = taskTrigger(
    'external-secrets',
    'external-secrets-provider-refresh',
  );
  const savedEnv = { ...process.env };

  /** A backend with the plugin, the given config, and a catalog (mock unless given). */
  const startBackend = (
    what: string,
    data: object,
    extra: any[] = [
      catalogServiceMock.factory({
        entities: [serviceEntity(SERVICE, 'group:default/team-shop')],
      }),
    ],
  ) =>
    withLabLogs(() =>
      within(
        `starting the ${what} backend`,
        120_000,
        startTestBackend({
          features: [
            externalSecretsPlugin,
            mockServices.rootConfig.factory({ data }),
            ...extra,
          ],
        }),
      ),
    ).then(backend => backend.server);

  /** The moto account the plugin reads provider metadata from. */
  const motoAccount = () => ({
    name: 'lab',
    region: lab.env.LAB_AWS_REGION,
    endpoint: lab.env.LAB_MOTO_ENDPOINT,
    accessKeyId: lab.env.LAB_AWS_ACCESS_KEY_ID,
    secretAccessKey: lab.env.LAB_AWS_SECRET_ACCESS_KEY,
  });

  /**
   * An EKS portal's config: the Kubernetes plugin's cluster (authProvider aws, a role to assume)
   * and the backend's AWS identity (`aws.mainAccount` of @backstage/integration-aws-node).
   */
  const eksConfig = (roleArn: string) => ({
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: lab.env.LAB_EKS_CLUSTER_ID,
              url: lab.env.LAB_API_SERVER,
              authProvider: 'aws',
              assumeRole: roleArn,
              caFile: lab.env.LAB_CA_FILE,
            },
          ],
        },
      ],
    },
    aws: {
      mainAccount: {
        accessKeyId: lab.env.LAB_AWS_ACCESS_KEY_ID,
        secretAccessKey: lab.env.LAB_AWS_SECRET_ACCESS_KEY,
      },
    },
  });

  beforeAll(async () => {
    lab = await Lab.start();
    const { env } = lab;
    // The AWS SDK's own settings: STS (AssumeRole, and the token's GetCallerIdentity) is moto,
    // the region the EKS token is presigned for is the lab's.
    process.env.AWS_ENDPOINT_URL_STS = env.LAB_MOTO_ENDPOINT;
    process.env.AWS_REGION = env.LAB_AWS_REGION;
    aws = new SecretsManagerClient({
      region: env.LAB_AWS_REGION,
      endpoint: env.LAB_MOTO_ENDPOINT,
      requestHandler: {
        connectionTimeout: CALL_TIMEOUT_MS,
        requestTimeout: CALL_TIMEOUT_MS,
      },
      credentials: {
        accessKeyId: env.LAB_AWS_ACCESS_KEY_ID,
        secretAccessKey: env.LAB_AWS_SECRET_ACCESS_KEY,
      },
    });
    server = await startBackend(
      'EKS',
      {
        ...eksConfig(env.LAB_EKS_ROLE_ARN),
        externalSecrets: {
          aws: { accounts: [motoAccount()] },
          evaluationIntervalSeconds: 2,
        },
      },
      [
        providerRefresh.module,
        catalogServiceMock.factory({
          entities: [serviceEntity(SERVICE, 'group:default/team-shop')],
        }),
      ],
    );
    noSecrets = await startBackend('secrets: none', {
      externalSecrets: {
        clusters: [
          {
            name: 'lab',
            url: env.LAB_API_SERVER,
            serviceAccountToken: lab.read(env.LAB_NO_SECRETS_TOKEN_FILE),
            caFile: env.LAB_CA_FILE,
            secrets: 'none',
          },
        ],
        evaluationIntervalSeconds: 2,
      },
    });
  });

  afterAll(async () => {
    process.env = savedEnv;
    await lab?.stop();
  });

  /** Runs `fn`; if it fails, the error also carries the tails of the lab's logs. */
  async function withLabLogs<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      failure.message += `\n${lab.logTails()}`;
      throw failure;
    }
  }

  async function report(
    backend: any = server,
    service = SERVICE,
  ): Promise<ServiceReport> {
    const res = await request(backend)
      .get('/api/external-secrets/v1/report')
      .query({ entityRef: `component:default/${service}` })
      .timeout(CALL_TIMEOUT_MS);
    if (res.status !== 200)
      throw new Error(`report answered ${res.status}: ${res.text}`);
    return res.body;
  }

  const shopDb = (r: ServiceReport): ExternalSecretStatus | undefined =>
    r.externalSecrets.find(es => es.name === ES_NAME);
  const findings = (r: ServiceReport, rule: RuleId): Finding[] =>
    shopDb(r)?.findings.filter(f => f.rule === rule) ?? [];
  const affected = (r: ServiceReport, rule: RuleId): string[] =>
    findings(r, rule)
      .flatMap(f => f.workloads ?? [])
      .map(w => w.name)
      .sort();

  /** Polls the report until `ok`; on timeout the error carries the last report. */
  async function reportUntil(
    what: string,
    ok: (r: ServiceReport) => boolean,
    timeoutMs = 180_000,
    backend: any = server,
    service = SERVICE,
  ): Promise<ServiceReport> {
    const deadline = Date.now() + timeoutMs;
    let last: ServiceReport | undefined;
    let lastError: unknown;
    while (Date.now() < deadline) {
      try {
        last = await report(backend, service);
        if (ok(last)) return last;
      } catch (error) {
        lastError = error;
      }
      await sleep(1000);
    }
    throw new Error(
      `Timed out after ${
        timeoutMs / 1000
      } s waiting for ${what}.\nLast report: ${JSON.stringify(
        last,
        null,
        2,
      )}\nLast error: ${lastError}`,
    );
  }

  async function kubectlUntil(
    what: string,
    args: string[],
    ok: (output: string) => boolean,
    timeoutMs = 120_000,
  ): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = await lab.kubectl(args).catch(e => String(e));
      if (ok(last)) return last;
      await sleep(1000);
    }
    throw new Error(
      `Timed out waiting for ${what}; kubectl ${args.join(
        ' ',
      )} printed:\n${last}`,
    );
  }

  /** The Secret the store's auth reads: deleted in step 8, restored in step 10. */
  const awsCredentials = () => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'aws-credentials', namespace: NS },
    stringData: {
      'access-key-id': lab.env.LAB_AWS_ACCESS_KEY_ID,
      'secret-access-key': lab.env.LAB_AWS_SECRET_ACCESS_KEY,
    },
  });

  /** "Sync now" through the backend's API. */
  const forceSync = () =>
    request(server)
      .post('/api/external-secrets/v1/sync')
      .send({ cluster: 'lab', namespace: NS, name: ES_NAME })
      .timeout(CALL_TIMEOUT_MS);

  /** ESO's hash of the Secret's data: a metadata annotation, never the value. */
  const DATA_HASH_ARGS = [
    '-n',
    NS,
    'get',
    'secret',
    ES_NAME,
    '-o',
    `jsonpath={.metadata.annotations.reconcile\\.external-secrets\\.io/data-hash}`,
  ];

  it('follows a secret from the vault to the pods and back to healthy', () =>
    withLabLogs(async () => {
      // 1. The secret in moto; the store, credentials and ExternalSecret in the cluster.
      await aws.send(
        new CreateSecretCommand({
          Name: REMOTE_KEY,
          SecretString: JSON.stringify({ password: 'first' }),
        }),
      );
      await lab.apply(
        yaml(
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
          awsCredentials(),
          {
            apiVersion: 'external-secrets.io/v1',
            kind: 'ClusterSecretStore',
            metadata: { name: STORE },
            spec: {
              provider: {
                aws: {
                  service: 'SecretsManager',
                  region: lab.env.LAB_AWS_REGION,
                  auth: {
                    secretRef: {
                      accessKeyIDSecretRef: {
                        name: 'aws-credentials',
                        namespace: NS,
                        key: 'access-key-id',
                      },
                      secretAccessKeySecretRef: {
                        name: 'aws-credentials',
                        namespace: NS,
                        key: 'secret-access-key',
                      },
                    },
                  },
                },
              },
            },
          },
          {
            apiVersion: 'external-secrets.io/v1',
            kind: 'ExternalSecret',
            metadata: { name: ES_NAME, namespace: NS, labels: ID_LABEL },
            spec: {
              // Long enough that only a forced sync fetches the new value during the test.
              refreshInterval: '1h',
              secretStoreRef: { kind: 'ClusterSecretStore', name: STORE },
              target: { name: ES_NAME },
              data: [
                {
                  secretKey: 'password',
                  remoteRef: { key: REMOTE_KEY, property: 'password' },
                },
              ],
            },
          },
        ),
      );

      // 2. ESO syncs; then the readers start (kwok marks their containers running now).
      await reportUntil(
        'ESO to sync the ExternalSecret',
        r => shopDb(r)?.ready?.status === 'True' && !!shopDb(r)?.lastSyncTime,
      );
      await lab.apply(yaml(...readers));
      await providerRefresh.trigger();
      const healthy = await reportUntil(
        'a healthy report with three running readers and provider data',
        r =>
          shopDb(r)?.health === 'healthy' &&
          r.providers[0]?.refreshedAt !== null &&
          r.externalSecrets.length === 1,
      );
      // Through the EKS token of the assumed role, bound only to examples/rbac's roles.
      expect(healthy.clusters).toEqual([
        expect.objectContaining({ name: 'lab', status: 'ok' }),
      ]);
      // The backend without Secret access sees the same ExternalSecret, healthy, with the
      // Secret's change time from ESO's Created Event.
      const blindIdentity =
        'system:serviceaccount:eso-health:reader-no-secrets';
      for (const verb of ['list', 'watch', 'get']) {
        expect(await lab.canI(verb, 'secrets', blindIdentity)).toBe(false);
      }
      const blind = await reportUntil(
        'the secrets: none backend to see the synced ExternalSecret',
        r => shopDb(r)?.health === 'healthy' && !!shopDb(r)?.secretChangedAt,
        60_000,
        noSecrets,
      );
      expect(blind.clusters).toEqual([
        expect.objectContaining({ name: 'lab', status: 'ok', secrets: 'none' }),
      ]);
      expect(shopDb(blind)!.secretChangeEvidence).toBe('eso-event');
      expect(shopDb(healthy)!.ready).toMatchObject({
        status: 'True',
        reason: 'SecretSynced',
      });

      // 3. A new value in the vault: the provider is ahead of the cluster.
      const syncedAt = shopDb(healthy)!.lastSyncTime!;
      await sleep(1100); // moto's dates have one-second resolution
      await aws.send(
        new PutSecretValueCommand({
          SecretId: REMOTE_KEY,
          SecretString: JSON.stringify({ password: 'second' }),
        }),
      );
      await providerRefresh.trigger();
      const ahead = await reportUntil(
        'provider-ahead after the value changed in moto',
        r => findings(r, 'provider-ahead').length === 1,
      );
      expect(findings(ahead, 'provider-ahead')[0].severity).toBe('warning');

      // 4. A forced sync through the API: ESO writes the new value into the Secret.
      const hashBefore = await lab.kubectl(DATA_HASH_ARGS);
      const sync = await forceSync();
      expect(sync.status).toBe(202);
      await kubectlUntil(
        'ESO to update the Secret',
        DATA_HASH_ARGS,
        hash => hash !== '' && hash !== hashBefore && !hash.includes('failed'),
      );

      // 5. Env and subPath readers now hold the old value; the volume reader does not.
      const stale = await reportUntil(
        'stale-env and stale-subpath after the sync',
        r =>
          shopDb(r)!.lastSyncTime !== syncedAt &&
          findings(r, 'provider-ahead').length === 0 &&
          affected(r, 'stale-env').length > 0 &&
          affected(r, 'stale-subpath').length > 0,
      );
      expect(affected(stale, 'stale-env')).toEqual(['env-reader']);
      expect(affected(stale, 'stale-subpath')).toEqual(['subpath-reader']);
      for (const rule of ['stale-env', 'stale-subpath'] as RuleId[]) {
        expect(affected(stale, rule)).not.toContain('volume-reader');
      }
      // Without Secret access the same readers are found from ESO's Updated Event, and the
      // finding says they may be stale (a rewrite is usually, not always, new data).
      const staleBlind = await reportUntil(
        "stale-env from ESO's Updated Event in the secrets: none backend",
        r => affected(r, 'stale-env').length > 0,
        60_000,
        noSecrets,
      );
      expect(affected(staleBlind, 'stale-env')).toEqual(['env-reader']);
      expect(affected(staleBlind, 'stale-subpath')).toEqual(['subpath-reader']);
      expect(findings(staleBlind, 'stale-env')[0].message).toContain(
        'may still hold the old value',
      );
      expect(shopDb(staleBlind)!.secretChangeEvidence).toBe('eso-event');

      // 6. A rollout restart gives the readers new pods: the findings clear.
      await lab.kubectl([
        '-n',
        NS,
        'rollout',
        'restart',
        'deployment/env-reader',
        'deployment/subpath-reader',
      ]);
      await reportUntil(
        'the stale findings to clear after the rollout restart',
        r =>
          affected(r, 'stale-env').length === 0 &&
          affected(r, 'stale-subpath').length === 0 &&
          shopDb(r)?.health === 'healthy',
      );
      await reportUntil(
        'the stale findings to clear in the secrets: none backend too',
        r =>
          affected(r, 'stale-env').length === 0 &&
          affected(r, 'stale-subpath').length === 0,
        60_000,
        noSecrets,
      );

      // 7. "Sync now" with nothing new in the vault: ESO rewrites the Secret (it copies the
      // force-sync annotation) but its data-hash stays, so no reader is called stale.
      const restarted = await report();
      await forceSync().expect(202);
      const resynced = await reportUntil(
        'ESO to sync again',
        r => shopDb(r)!.lastSyncTime !== shopDb(restarted)!.lastSyncTime,
      );
      await sleep(5000); // a few evaluations of the backend
      const afterNoOpSync = await report();
      expect(affected(afterNoOpSync, 'stale-env')).toEqual([]);
      expect(affected(afterNoOpSync, 'stale-subpath')).toEqual([]);
      expect(shopDb(afterNoOpSync)!.secretChangedAt).toBe(
        shopDb(resynced)!.secretChangedAt,
      );

      // 8. Broken store credentials: ESO's own error reaches the report.
      await lab.kubectl([
        '-n',
        NS,
        'delete',
        'secret',
        'aws-credentials',
        '--wait=true',
      ]);
      await forceSync().expect(202);
      const broken = await reportUntil(
        'store-not-ready or sync-failed after the credentials were deleted',
        r =>
          findings(r, 'store-not-ready').length > 0 ||
          findings(r, 'sync-failed').length > 0,
      );
      const storeMessage = await lab.kubectl([
        'get',
        'clustersecretstore',
        STORE,
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Ready")].message}',
      ]);
      const esMessage = await lab.kubectl([
        '-n',
        NS,
        'get',
        'externalsecret',
        ES_NAME,
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Ready")].message}',
      ]);
      const reported = [
        ...findings(broken, 'store-not-ready'),
        ...findings(broken, 'sync-failed'),
      ]
        .map(f => f.message)
        .join('\n');
      const esoMessages = [storeMessage, esMessage].filter(m => m.length > 0);
      expect(esoMessages.length).toBeGreaterThan(0);
      expect(esoMessages.some(m => reported.includes(m))).toBe(true);

      // 9. The API server goes away: the cluster is unreachable, the last known data stays.
      await lab.apiServer('stop');
      const unreachable = await reportUntil(
        'the cluster to be reported unreachable',
        r => r.clusters[0]?.status === 'error',
      );
      expect(unreachable.clusters[0].error).toMatch(
        `cannot reach ${lab.env.LAB_API_SERVER}`,
      );
      expect(unreachable.clusters[0].lastUpdated).not.toBeNull();
      expect(shopDb(unreachable)).toBeDefined();

      // 10. It comes back: the watch recovers without restarting the backend, and sees changes.
      await lab.apiServer('start');
      await reportUntil(
        'the cluster to be reachable again',
        r => r.clusters[0]?.status === 'ok',
      );
      await lab.apply(yaml(awsCredentials()));
      await forceSync().expect(202);
      await reportUntil(
        'the restored credentials to heal the ExternalSecret, seen through the recovered watch',
        r =>
          findings(r, 'store-not-ready').length === 0 &&
          findings(r, 'sync-failed').length === 0 &&
          shopDb(r)?.ready?.status === 'True',
      );
    }));

  it('follows a Vault KV v2 rotation: kv put, provider-ahead, sync, stale env, restart, healthy', () =>
    withLabLogs(async () => {
      const { env } = lab;
      const VNS = 'e2e-vault';
      const VSERVICE = 'e2e-vault';
      const VLABEL = { 'backstage.io/kubernetes-id': VSERVICE };
      const VES = 'vault-db';
      const KEY = 'e2e/vault/db';
      const vault = connectVault(env.LAB_VAULT_ADDR, env.LAB_VAULT_ROOT_TOKEN);

      // The backend logs in to Vault with its Kubernetes service account (the lab's
      // eso-health/reader), which Vault checks with a TokenReview against the lab's API server;
      // the role grants only the metadata-only policy lab/cluster/up.sh wrote.
      await vault.request('POST', 'sys/auth/kubernetes', {
        type: 'kubernetes',
      });
      await vault.request('POST', 'auth/kubernetes/config', {
        kubernetes_host: env.LAB_API_SERVER,
        kubernetes_ca_cert: lab.read(env.LAB_CA_FILE),
        token_reviewer_jwt: env.LAB_TOKEN,
        disable_local_ca_jwt: true,
      });
      await vault.request('POST', 'auth/kubernetes/role/eso-health', {
        bound_service_account_names: ['reader'],
        bound_service_account_namespaces: ['eso-health'],
        token_policies: ['eso-health-metadata'],
        token_ttl: '1h',
      });
      await vault.putKv('secret', KEY, { password: 'first' });

      const vaultRefresh = taskTrigger(
        'external-secrets',
        'external-secrets-provider-refresh',
      );
      const backend = await startBackend(
        'Vault',
        {
          externalSecrets: {
            clusters: [
              {
                name: 'lab',
                url: env.LAB_API_SERVER,
                serviceAccountToken: lab.read(env.LAB_READER_TOKEN_FILE),
                caFile: env.LAB_CA_FILE,
              },
            ],
            vault: {
              servers: [
                {
                  name: 'lab',
                  url: env.LAB_VAULT_ADDR,
                  mounts: ['secret'],
                  auth: {
                    kubernetes: {
                      role: 'eso-health',
                      tokenFile: env.LAB_READER_TOKEN_FILE,
                    },
                  },
                },
              ],
            },
            evaluationIntervalSeconds: 2,
          },
        },
        [
          vaultModule,
          vaultRefresh.module,
          catalogServiceMock.factory({
            entities: [serviceEntity(VSERVICE, 'group:default/team-shop')],
          }),
        ],
      );
      const vaultDb = (r: ServiceReport) =>
        r.externalSecrets.find(es => es.name === VES);
      const rules = (r: ServiceReport, rule: RuleId) =>
        vaultDb(r)?.findings.filter(f => f.rule === rule) ?? [];
      const until = (what: string, ok: (r: ServiceReport) => boolean) =>
        reportUntil(what, ok, 180_000, backend, VSERVICE);

      // 1. ESO 0.20.4's Vault provider syncs the secret; an env reader starts.
      await lab.apply(
        yaml(
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: VNS } },
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'vault-token', namespace: VNS },
            stringData: { token: env.LAB_VAULT_ESO_TOKEN },
          },
          {
            apiVersion: 'external-secrets.io/v1',
            kind: 'ClusterSecretStore',
            metadata: { name: 'e2e-vault' },
            spec: {
              provider: {
                vault: {
                  server: env.LAB_VAULT_ADDR,
                  path: 'secret',
                  version: 'v2',
                  auth: {
                    tokenSecretRef: {
                      name: 'vault-token',
                      namespace: VNS,
                      key: 'token',
                    },
                  },
                },
              },
            },
          },
          {
            apiVersion: 'external-secrets.io/v1',
            kind: 'ExternalSecret',
            metadata: { name: VES, namespace: VNS, labels: VLABEL },
            spec: {
              refreshInterval: '1h',
              secretStoreRef: { kind: 'ClusterSecretStore', name: 'e2e-vault' },
              target: { name: VES },
              data: [
                {
                  secretKey: 'password',
                  remoteRef: { key: KEY, property: 'password' },
                },
              ],
            },
          },
        ),
      );
      await until(
        'ESO to sync the Vault-backed ExternalSecret',
        r => vaultDb(r)?.ready?.status === 'True' && !!vaultDb(r)?.lastSyncTime,
      );
      await lab.apply(
        yaml(
          deployment(
            'vault-env-reader',
            { container: { envFrom: [{ secretRef: { name: VES } }] } },
            VNS,
            VLABEL,
          ),
        ),
      );
      await vaultRefresh.trigger();
      // The evaluation that reads the stored listing follows its refresh by a moment.
      const healthy = await until(
        'a healthy report evaluated with Vault metadata',
        r =>
          vaultDb(r)?.health === 'healthy' &&
          r.providers[0]?.status === 'ok' &&
          vaultDb(r)?.store.providerScope === 'vault/lab/secret',
      );
      expect(healthy.providers).toEqual([
        expect.objectContaining({
          provider: 'vault',
          scope: 'vault/lab/secret',
          title: 'HashiCorp Vault KV v2',
        }),
      ]);
      expect(vaultDb(healthy)!.store).toMatchObject({
        provider: 'vault',
        providerTitle: 'HashiCorp Vault KV v2',
        providerScope: 'vault/lab/secret',
      });

      // 2. kv put: Vault holds a newer version than the cluster.
      await vault.putKv('secret', KEY, { password: 'second' });
      await vaultRefresh.trigger();
      const ahead = await until(
        'provider-ahead after the new Vault version',
        r => rules(r, 'provider-ahead').length === 1,
      );
      expect(rules(ahead, 'provider-ahead')[0]).toMatchObject({
        severity: 'warning',
        message: expect.stringContaining(
          `Vault secret "${KEY}" got version 2 at `,
        ),
      });

      // 3. Sync now: ESO writes version 2; the env reader still holds version 1.
      await request(backend)
        .post('/api/external-secrets/v1/sync')
        .send({ cluster: 'lab', namespace: VNS, name: VES })
        .timeout(CALL_TIMEOUT_MS)
        .expect(202);
      const stale = await until(
        'stale-env for the env reader after the sync',
        r =>
          rules(r, 'provider-ahead').length === 0 &&
          (rules(r, 'stale-env')[0]?.workloads ?? []).some(
            w => w.name === 'vault-env-reader',
          ),
      );
      expect(vaultDb(stale)!.lastSyncTime).not.toBe(
        vaultDb(healthy)!.lastSyncTime,
      );

      // 4. A rollout restart: healthy again.
      await lab.kubectl([
        '-n',
        VNS,
        'rollout',
        'restart',
        'deployment/vault-env-reader',
      ]);
      await until(
        'healthy after the restart',
        r =>
          vaultDb(r)?.health === 'healthy' &&
          rules(r, 'stale-env').length === 0,
      );
      // Nothing of either value reached the report.
      expect(JSON.stringify(await report(backend, VSERVICE))).not.toMatch(
        /"(first|second)"/,
      );
    }));

  it('names an IAM role the cluster does not map as an authentication error', () =>
    withLabLogs(async () => {
      const unmapped = await startBackend('unmapped role', {
        ...eksConfig(lab.env.LAB_EKS_UNMAPPED_ROLE_ARN),
      });
      const refused = await reportUntil(
        'the cluster to be in error for the unmapped role',
        r => r.clusters[0]?.status === 'error',
        60_000,
        unmapped,
      );
      expect(refused.clusters[0].error).toContain(
        "rejected the credentials of authProvider 'aws' (401 Unauthorized), also after renewing them: the cluster does not map this AWS identity",
      );
      expect(refused.externalSecrets).toEqual([]);
    }));

  it('connects through a kubeconfig with an exec credential plugin and one with a client certificate', () =>
    withLabLogs(async () => {
      const kubeconfigs = await startBackend('kubeconfig', {
        externalSecrets: {
          clusters: [
            {
              name: 'via-exec',
              authProvider: 'kubeconfig',
              kubeconfig: { path: lab.env.LAB_EXEC_KUBECONFIG },
            },
            {
              name: 'via-cert',
              authProvider: 'kubeconfig',
              kubeconfig: { path: lab.env.LAB_CERT_KUBECONFIG },
            },
          ],
        },
      });
      const both = await reportUntil(
        'both kubeconfig clusters to list the ExternalSecret',
        r =>
          r.clusters.every(c => c.status === 'ok') &&
          r.externalSecrets.filter(es => es.name === ES_NAME).length === 2,
        60_000,
        kubeconfigs,
      );
      expect(both.clusters.map(c => c.name).sort()).toEqual([
        'via-cert',
        'via-exec',
      ]);
    }));

  it('watches a kubernetes-cluster Resource added to the catalog while it runs, and stops when it is removed', () =>
    withLabLogs(async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-catalog-'));
      const file = path.join(dir, 'catalog-info.yaml');
      const service = serviceEntity(SERVICE, 'group:default/team-shop');
      const clusterResource = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'lab-from-catalog',
          annotations: {
            'kubernetes.io/api-server': lab.env.LAB_API_SERVER,
            'kubernetes.io/api-server-certificate-authority': Buffer.from(
              lab.read(lab.env.LAB_CA_FILE),
            ).toString('base64'),
            'kubernetes.io/auth-provider': 'aws',
            'kubernetes.io/aws-assume-role': lab.env.LAB_EKS_ROLE_ARN,
            'kubernetes.io/x-k8s-aws-id': lab.env.LAB_EKS_CLUSTER_ID,
          },
        },
        spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
      };
      fs.writeFileSync(file, yaml(service));
      // The test backend's scheduler runs a task only when asked: ask for the locator refresh
      // (every clusterLocatorRefreshSeconds in a real backend) while waiting.
      const locators = taskTrigger(
        'external-secrets',
        'external-secrets-cluster-locators',
      );
      const afterLocatorRefresh =
        (ok: (r: ServiceReport) => boolean) => (r: ServiceReport) => {
          void locators.trigger();
          return ok(r);
        };
      try {
        const withCatalog = await startBackend(
          'catalog locator',
          {
            ...eksConfig(lab.env.LAB_EKS_ROLE_ARN),
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                // The lab listens on 127.0.0.1, which the catalog locator refuses unless listed.
                { type: 'catalog', dangerouslyAllowClusterUrls: ['127.0.0.1'] },
              ],
            },
            catalog: {
              rules: [{ allow: ['Component', 'Resource', 'Location'] }],
              locations: [{ type: 'file', target: file }],
              processingInterval: { seconds: 1 },
              orphanStrategy: 'delete',
            },
          },
          [catalogBackend, locators.module],
        );
        const before = await report(withCatalog).catch(() => undefined);
        expect(before?.clusters ?? []).toEqual([]);
        fs.writeFileSync(file, yaml(service, clusterResource));
        const watched = await reportUntil(
          'the catalog cluster to be watched without a restart',
          afterLocatorRefresh(
            r =>
              r.clusters[0]?.name === 'lab-from-catalog' &&
              r.clusters[0].status === 'ok' &&
              // The ExternalSecret the flow above created.
              !!shopDb(r),
          ),
          120_000,
          withCatalog,
        );
        expect(shopDb(watched)!.cluster).toBe('lab-from-catalog');

        // Gone from the file, and unregistered (the test backend's scheduler does not run the
        // catalog's own orphan clean-up).
        fs.writeFileSync(file, yaml(service));
        const entity = await request(withCatalog)
          .get(
            '/api/catalog/entities/by-name/resource/default/lab-from-catalog',
          )
          .timeout(CALL_TIMEOUT_MS);
        await request(withCatalog)
          .delete(`/api/catalog/entities/by-uid/${entity.body.metadata.uid}`)
          .timeout(CALL_TIMEOUT_MS)
          .expect(204);
        await reportUntil(
          'the removed catalog cluster to be forgotten',
          afterLocatorRefresh(
            r => r.clusters.length === 0 && r.externalSecrets.length === 0,
          ),
          120_000,
          withCatalog,
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }));
  it('keeps a value seeded in a Secret next to a synced target out of every answer, log line and database file', () =>
    withLabLogs(async () => {
      // A Secret beside the ExternalSecret's target (the flow above created both), carrying the
      // canary in data, stringData and kubectl's last-applied-configuration annotation.
      const canary = new Canary();
      const CANARY_SECRET = `${ES_NAME}-canary`;
      await lab.apply(
        yaml(
          canary.seed({
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: CANARY_SECRET, namespace: NS, labels: ID_LABEL },
            type: 'Opaque',
          }),
        ),
      );
      // The cluster holds it (stringData is folded into data by the API server).
      const stored = await lab.kubectl([
        '-n',
        NS,
        'get',
        'secret',
        CANARY_SECRET,
        '-o',
        'json',
      ]);
      expect(
        canary.leaks('the stored Secret', stored).length,
      ).toBeGreaterThanOrEqual(2);

      // A backend with Secret metadata access, its log captured, its database in files.
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-canary-'));
      const logLines: string[] = [];
      try {
        const backend = await startBackend(
          'canary',
          {
            backend: {
              database: {
                client: 'better-sqlite3',
                connection: { directory: tmp },
              },
            },
            externalSecrets: {
              clusters: [
                {
                  name: 'lab',
                  url: lab.env.LAB_API_SERVER,
                  serviceAccountToken: lab.read(lab.env.LAB_READER_TOKEN_FILE),
                  caFile: lab.env.LAB_CA_FILE,
                },
              ],
              evaluationIntervalSeconds: 2,
            },
          },
          [
            capturingRootLogger(logLines),
            catalogServiceMock.factory({
              entities: [serviceEntity(SERVICE, 'group:default/team-shop')],
            }),
          ],
        );
        await reportUntil(
          'the canary backend to see the synced ExternalSecret',
          r =>
            shopDb(r)?.ready?.status === 'True' && !!shopDb(r)?.secretChangedAt,
          60_000,
          backend,
        );
        // Every route, on this backend and on the EKS one the flow above used.
        const answers: Array<{ what: string; text: string }> = [];
        const target = { cluster: 'lab', namespace: NS, name: ES_NAME };
        for (const [name, b] of [
          ['canary', backend],
          ['EKS', server],
        ] as const) {
          const calls: Array<[string, request.Test]> = [
            [
              'report',
              request(b)
                .get('/api/external-secrets/v1/report')
                .query({ entityRef: `component:default/${SERVICE}` }),
            ],
            ['overview', request(b).get('/api/external-secrets/v1/overview')],
            [
              'history',
              request(b).get('/api/external-secrets/v1/history').query(target),
            ],
            [
              'sync',
              request(b).post('/api/external-secrets/v1/sync').send(target),
            ],
          ];
          for (const [what, call] of calls) {
            const res = await call.timeout(CALL_TIMEOUT_MS);
            answers.push({
              what: `${name} ${what} (${res.status})`,
              text: `${JSON.stringify(res.headers)}\n${res.text}`,
            });
          }
        }
        expect(answers.map(a => a.what)).toEqual(
          expect.arrayContaining([
            'canary report (200)',
            'canary sync (202)',
            'EKS history (200)',
          ]),
        );
        // Let the sync's audit event and history row be written.
        await sleep(3000);
        const dbFiles = filesUnder(tmp);
        expect(dbFiles.length).toBeGreaterThan(0);
        expect(logLines.length).toBeGreaterThan(0);
        expect([
          ...answers.flatMap(a => canary.leaks(`the ${a.what} answer`, a.text)),
          ...canary.leaks('the canary backend log', logLines.join('\n')),
          ...dbFiles.flatMap(f =>
            canary.leaks(`database file ${f.file}`, f.text),
          ),
        ]).toEqual([]);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    }));
});
