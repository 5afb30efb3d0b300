import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ExternalSecretStatus,
  ServiceReport,
} from '@eso-health/plugin-external-secrets-common';
import {
  createIamUser,
  IamUserKeys,
  readyClusterSecretStore,
  serviceEntity,
  setUserActions,
  syncedPipeline,
  taskTrigger,
  useMoto,
} from '@eso-health/test-harness';
import request from 'supertest';
import { stringify } from 'yaml';
import { externalSecretsPlugin } from './plugin';

// The backend learning provider drift by itself: a real moto server with IAM enforced, a
// metadata-only IAM user, the refresh task of the real plugin, and the report it serves.
// moto runs 3 days behind so that a rotation it schedules 1 day ahead is 2 days overdue.

jest.setTimeout(120_000);

const REGION = 'us-east-1';
const SERVICE = 'shop';
const PROVIDER_RULES = [
  'provider-ahead',
  'provider-secret-missing',
  'rotation-overdue',
];

/** ExternalSecret of the service, and its target Secret written by ESO at the same time. */
const pipeline = (name: string, key: string, syncedAt: string) =>
  syncedPipeline({ name, namespace: SERVICE, store: 'aws', key, syncedAt });

const store = readyClusterSecretStore('aws', {
  aws: { service: 'SecretsManager', region: REGION },
});

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function eventually<T>(
  fn: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(
        `Timed out waiting for ${what}; last value: ${JSON.stringify(
          value,
          null,
          2,
        )}`,
      );
    await sleep(250);
  }
}

const metadataOnlyPolicy = [
  'secretsmanager:ListSecrets',
  'secretsmanager:ListSecretVersionIds',
  'secretsmanager:DescribeSecret',
];

describe('AWS provider metadata in the backend (moto, IAM enforced)', () => {
  const moto = useMoto({ clockOffsetSeconds: -3 * 86400 });
  let admin: SecretsManagerClient;
  const mockDir = createMockDirectory();
  const refresh = taskTrigger(
    'external-secrets',
    'external-secrets-provider-refresh',
  );

  beforeAll(() => {
    admin = new SecretsManagerClient({
      region: REGION,
      endpoint: moto.endpoint,
      credentials: moto.credentials,
    });
  });

  /** moto's own time of a secret's last change (its clock runs 3 days behind). */
  async function lastChanged(name: string): Promise<string> {
    const described = await admin.send(
      new DescribeSecretCommand({ SecretId: name }),
    );
    return described.LastChangedDate!.toISOString();
  }

  async function startBackend(credentials: IamUserKeys) {
    const { server } = await startTestBackend({
      features: [
        externalSecretsPlugin,
        refresh.module,
        mockServices.rootConfig.factory({
          data: {
            externalSecrets: {
              clusters: [{ name: 'lab', manifests: mockDir.path }],
              aws: {
                accounts: [
                  {
                    name: 'test',
                    region: REGION,
                    endpoint: moto.endpoint,
                    ...credentials,
                  },
                ],
                refresh: {
                  frequency: { minutes: 30 },
                  timeout: { minutes: 1 },
                  initialDelay: { seconds: 0 },
                },
              },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [serviceEntity(SERVICE, 'group:default/team-shop')],
        }),
      ],
    });
    return server;
  }

  const report = async (server: any): Promise<ServiceReport> => {
    const res = await request(server)
      .get('/api/external-secrets/v1/report')
      .query({ entityRef: `component:default/${SERVICE}` });
    expect(res.status).toBe(200);
    return res.body;
  };

  const providerFindings = (es: ExternalSecretStatus) =>
    es.findings.filter(f => PROVIDER_RULES.includes(f.rule)).map(f => f.rule);

  it('reports provider-ahead, rotation-overdue and provider-secret-missing exactly where due, and keeps the last good data when access is lost', async () => {
    // A metadata-only identity for the backend.
    const keys = await createIamUser(
      moto,
      'backstage-reader',
      metadataOnlyPolicy,
    );

    // More than one ListSecrets page.
    for (let i = 0; i < 120; i++) {
      await admin.send(
        new CreateSecretCommand({ Name: `filler/${i}`, SecretString: 'x' }),
      );
    }
    const create = (name: string) =>
      admin.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
    await create('shop/healthy');
    await create('shop/changed');
    await create('shop/rotating');
    await create('shop/deleted');
    await admin.send(
      new RotateSecretCommand({
        SecretId: 'shop/rotating',
        RotationRules: { AutomaticallyAfterDays: 1 },
      }),
    );
    // moto's RotateSecret alone leaves the new version without a value.
    await admin.send(
      new PutSecretValueCommand({
        SecretId: 'shop/rotating',
        SecretString: 'v2',
      }),
    );
    await admin.send(
      new DeleteSecretCommand({
        SecretId: 'shop/deleted',
        RecoveryWindowInDays: 7,
      }),
    );

    // The cluster synced every key as it was then.
    const objects = [
      store,
      ...pipeline('healthy', 'shop/healthy', await lastChanged('shop/healthy')),
      ...pipeline('changed', 'shop/changed', await lastChanged('shop/changed')),
      ...pipeline(
        'rotating',
        'shop/rotating',
        await lastChanged('shop/rotating'),
      ),
      ...pipeline('deleted', 'shop/deleted', await lastChanged('shop/healthy')),
      ...pipeline(
        'never-created',
        'shop/never-created',
        await lastChanged('shop/healthy'),
      ),
    ];
    mockDir.setContent({
      'cluster.yaml': objects.map(o => stringify(o)).join('---\n'),
    });

    // Then a new value arrives in the vault (moto's dates have one-second resolution).
    await sleep(1100);
    await admin.send(
      new PutSecretValueCommand({
        SecretId: 'shop/changed',
        SecretString: 'v2',
      }),
    );

    await moto.enforceIam();
    const server = await startBackend(keys);
    // The test backend's scheduler runs tasks when triggered (the real one: every 30 minutes here).
    await refresh.trigger();

    // Evaluation follows a new listing within milliseconds, not within the request.
    const first = await eventually(
      () => report(server),
      r =>
        r.providers[0]?.refreshedAt !== null &&
        r.externalSecrets.length === 5 &&
        r.externalSecrets.some(es => providerFindings(es).length > 0),
      'the first provider refresh',
    );
    expect(first.providers).toEqual([
      {
        provider: 'aws',
        scope: `aws/test/${REGION}`,
        title: 'AWS Secrets Manager',
        source: `test (${REGION})`,
        status: 'ok',
        refreshedAt: expect.any(String),
      },
    ]);
    const byName = (r: ServiceReport) =>
      Object.fromEntries(
        r.externalSecrets.map(es => [es.name, providerFindings(es)]),
      );
    expect(byName(first)).toEqual({
      healthy: [],
      changed: ['provider-ahead'],
      rotating: ['rotation-overdue'],
      deleted: ['provider-secret-missing'],
      'never-created': ['provider-secret-missing'],
    });
    const changed = first.externalSecrets.find(es => es.name === 'changed')!;
    expect(
      changed.findings.find(f => f.rule === 'provider-ahead')!.message,
    ).toContain('got a new AWSCURRENT version');

    // Access is lost: one error for the account, naming the action; the last good data stays.
    await moto.stopEnforcingIam();
    await setUserActions(moto, 'backstage-reader', [
      'secretsmanager:DescribeSecret',
    ]);
    await moto.enforceIam();
    await refresh.trigger();
    const broken = await eventually(
      () => report(server),
      r => r.providers[0]?.status === 'error',
      'the failed refresh to be reported',
    );
    expect(broken.providers).toHaveLength(1);
    expect(broken.providers[0].error).toContain(
      `AWS account test (${REGION}): access denied to secretsmanager:ListSecrets`,
    );
    expect(broken.providers[0].refreshedAt).toBe(
      first.providers[0].refreshedAt,
    );
    expect(byName(broken)).toEqual(byName(first));
  });
});
