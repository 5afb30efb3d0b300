import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
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
// A module is tested inside the plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import externalSecretsPlugin from '@eso-health/plugin-external-secrets-backend';
import {
  createIamUser,
  readyClusterSecretStore,
  serviceEntity,
  syncedPipeline,
  taskTrigger,
  useMoto,
} from '@eso-health/test-harness';
import request from 'supertest';
import { stringify } from 'yaml';
import { externalSecretsModuleAwsParameterStore } from './module';

// Parameter Store drift end to end in the real backend: moto with IAM enforced, an identity
// allowed only ssm:DescribeParameters, the plugin's refresh task, and the report it serves.

const REGION = 'eu-west-1';

const pipeline = (name: string, key: string, syncedAt: string) =>
  syncedPipeline({ name, namespace: 'shop', store: 'ssm', key, syncedAt });

const store = readyClusterSecretStore('ssm', {
  aws: { service: 'ParameterStore', region: REGION },
});

const PROVIDER_RULES = ['provider-ahead', 'provider-secret-missing'];
const providerFindings = (es: ExternalSecretStatus) =>
  es.findings.filter(f => PROVIDER_RULES.includes(f.rule)).map(f => f.rule);

describe('Parameter Store drift in the backend (moto, IAM enforced)', () => {
  const moto = useMoto();
  const mockDir = createMockDirectory();
  const refresh = taskTrigger(
    'external-secrets',
    'external-secrets-provider-refresh',
  );

  it('reports provider-ahead and provider-secret-missing from DescribeParameters alone', async () => {
    const admin = new SSMClient({
      region: REGION,
      endpoint: moto.endpoint,
      credentials: moto.credentials,
    });
    const put = (name: string, overwrite = false) =>
      admin.send(
        new PutParameterCommand({
          Name: name,
          Value: `canary-${Date.now()}`,
          Type: 'SecureString',
          Overwrite: overwrite,
        }),
      );
    await put('/shop/healthy');
    await put('/shop/changed');
    const syncedAt = new Date().toISOString();
    await new Promise(resolve => setTimeout(resolve, 1100));
    await put('/shop/changed', true);

    mockDir.setContent({
      'objects.yaml': [
        store,
        ...pipeline('healthy', '/shop/healthy', syncedAt),
        ...pipeline('changed', '/shop/changed', syncedAt),
        ...pipeline('missing', '/shop/missing', syncedAt),
      ]
        .map(o => stringify(o))
        .join('---\n'),
    });
    const keys = await createIamUser(moto, 'ssm-reader', [
      'ssm:DescribeParameters',
    ]);
    await moto.enforceIam();

    const { server } = await startTestBackend({
      features: [
        externalSecretsPlugin,
        externalSecretsModuleAwsParameterStore,
        refresh.module,
        mockServices.rootConfig.factory({
          data: {
            externalSecrets: {
              clusters: [{ name: 'lab', manifests: mockDir.path }],
              awsParameterStore: {
                accounts: [
                  {
                    name: 'shop',
                    region: REGION,
                    endpoint: moto.endpoint,
                    ...keys,
                  },
                ],
              },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [serviceEntity('shop', 'group:default/team-shop')],
        }),
      ],
    });
    await refresh.trigger();

    const report = async (): Promise<ServiceReport> =>
      (
        await request(server)
          .get('/api/external-secrets/v1/report')
          .query({ entityRef: 'component:default/shop' })
      ).body;
    const ready = (r: ServiceReport) =>
      r.externalSecrets.filter(es => providerFindings(es).length).length === 2;
    let current = await report();
    for (let i = 0; i < 150 && !ready(current); i++) {
      await new Promise(resolve => setTimeout(resolve, 200));
      current = await report();
    }
    expect(current.providers).toEqual([
      {
        provider: 'aws-parameter-store',
        scope: `aws-parameter-store/shop/${REGION}`,
        title: 'AWS Parameter Store',
        source: `shop (${REGION})`,
        status: 'ok',
        refreshedAt: expect.any(String),
      },
    ]);
    const byName = Object.fromEntries(
      current.externalSecrets.map(es => [es.name, es]),
    );
    expect(byName.healthy.store).toMatchObject({
      providerTitle: 'AWS Parameter Store',
      providerScope: `aws-parameter-store/shop/${REGION}`,
    });
    expect(providerFindings(byName.healthy)).toEqual([]);
    expect(byName.changed.findings).toContainEqual(
      expect.objectContaining({
        rule: 'provider-ahead',
        severity: 'warning',
        message: expect.stringMatching(
          /^AWS parameter "\/shop\/changed" got version 2 at .*, after the last sync/,
        ),
      }),
    );
    expect(byName.missing.findings).toContainEqual(
      expect.objectContaining({
        rule: 'provider-secret-missing',
        message: expect.stringContaining(
          `does not exist in AWS Parameter Store in ${REGION}`,
        ),
      }),
    );
    expect(JSON.stringify(current)).not.toMatch(/canary/);
  });
});
