import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  defineSecretProvider,
  ExternalSecretStatus,
  OverviewResponse,
  ServiceReport,
} from '@eso-health/plugin-external-secrets-common';
import {
  externalSecretsProvidersExtensionPoint,
  ProviderCollector,
} from '@eso-health/plugin-external-secrets-node';
import { serviceEntity } from '@eso-health/test-harness';
import request from 'supertest';
import { stringify } from 'yaml';
import { externalSecretsPlugin } from './plugin';

// A provider the engine has never heard of ("acme", standing in for GCP or Azure) arrives as a
// backend module: its store matcher, key resolver and wording through addProvider, its metadata
// through addCollector. Its listings go through the same refresh task, database and report as
// AWS's, and the provider rules judge its stores with no change to the engine.

const acme = defineSecretProvider<{ project: string }>({
  id: 'acme',
  title: 'Acme Secret Vault',
  matchStore: spec =>
    spec.acme && typeof spec.acme === 'object'
      ? { project: String((spec.acme as { project?: unknown }).project) }
      : undefined,
  describeStore: store => `Acme Secret Vault (project ${store.project})`,
  keyPrefix: () => null,
  index: listings => store => {
    const scoped = listings.find(l => l.listing.region === store.project);
    return {
      scope: scoped?.scope,
      resolve(key) {
        if (!scoped) return { status: 'not-loaded' };
        const secret = scoped.listing.secrets.find(s => s.name === key);
        return secret
          ? {
              status: 'found',
              secret,
              listing: scoped.listing,
              scope: scoped.scope,
            }
          : { status: 'absent', listing: scoped.listing, scope: scoped.scope };
      },
    };
  },
  wording: {
    dataName: 'Acme metadata',
    accessRemedy: 'grant acme.secrets.get on the secret.',
    secret: key => `Acme secret "${key}"`,
    changed: secret => `changed at ${secret.lastChangedDate}`,
    where: listing => `Acme project ${listing.region}`,
    absentRemedy: listing =>
      `Create it: acme secrets create --project ${listing.region}`,
    deleted: () => ({ state: 'is deleted', remedy: 'acme secrets restore' }),
  },
});

const store = {
  apiVersion: 'external-secrets.io/v1',
  kind: 'ClusterSecretStore',
  metadata: { name: 'acme' },
  spec: { provider: { acme: { project: 'shop-prod' } } },
  status: { conditions: [{ type: 'Ready', status: 'True', reason: 'Valid' }] },
};

function externalSecret(name: string, key: string) {
  const at = new Date(Date.now() - 3600_000).toISOString();
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: {
      name,
      namespace: 'shop',
      creationTimestamp: at,
      labels: { 'backstage.io/kubernetes-id': 'shop' },
    },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'acme' },
      target: { name },
      data: [{ secretKey: 'v', remoteRef: { key } }],
    },
    status: {
      refreshTime: at,
      conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced' }],
    },
  };
}

// The manifests hold ExternalSecrets without their Secrets: only the provider rules matter here.
const providerFindings = (es: ExternalSecretStatus) =>
  es.findings.filter(f => f.rule.startsWith('provider-'));

describe('secret providers from backend modules', () => {
  it('judges stores of a module-added provider with its own wording, through the shared refresh', async () => {
    const mockDir = createMockDirectory();
    mockDir.setContent({
      'objects.yaml': [
        store,
        externalSecret('present', 'shop/db'),
        externalSecret('missing', 'shop/gone'),
      ]
        .map(o => stringify(o))
        .join('---\n'),
    });
    const collector: ProviderCollector = {
      provider: 'acme',
      title: 'Acme Secret Vault',
      describeScope: () => 'project shop-prod',
      scopes: () => ['acme/shop-prod'],
      collect: async () => ({
        listing: {
          provider: 'acme',
          region: 'shop-prod',
          refreshedAt: new Date().toISOString(),
          secrets: [
            {
              provider: 'acme',
              region: 'shop-prod',
              name: 'shop/db',
              arn: 'acme://shop-prod/shop/db',
            },
          ],
        },
        apiCalls: { ListSecrets: 1 },
        warnings: [],
      }),
    };
    const trigger: { refresh?: () => Promise<void> } = {};
    const { server } = await startTestBackend({
      features: [
        externalSecretsPlugin,
        createBackendModule({
          pluginId: 'external-secrets',
          moduleId: 'acme',
          register(env) {
            env.registerInit({
              deps: {
                providers: externalSecretsProvidersExtensionPoint,
                scheduler: coreServices.scheduler,
              },
              async init({ providers, scheduler }) {
                providers.addProvider(acme);
                providers.addCollector(collector);
                trigger.refresh = () =>
                  scheduler.triggerTask('external-secrets-provider-refresh');
              },
            });
          },
        }),
        mockServices.rootConfig.factory({
          data: {
            externalSecrets: {
              clusters: [{ name: 'lab', manifests: mockDir.path }],
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [serviceEntity('shop', 'group:default/team-shop')],
        }),
      ],
    });

    const overview = async (): Promise<OverviewResponse> =>
      (await request(server).get('/api/external-secrets/v1/overview')).body;
    const report = async (): Promise<ServiceReport> =>
      (
        await request(server)
          .get('/api/external-secrets/v1/report')
          .query({ entityRef: 'component:default/shop' })
      ).body;
    const source = {
      provider: 'acme',
      scope: 'acme/shop-prod',
      title: 'Acme Secret Vault',
      source: 'project shop-prod',
      status: 'ok',
    };
    expect((await overview()).providers).toEqual([
      { ...source, refreshedAt: null },
    ]);

    await trigger.refresh!();
    // The cluster loads in the background and every replica picks stored listings up on its
    // next poll: wait for both.
    const ready = (r: ServiceReport) =>
      Boolean(r.providers[0]?.refreshedAt) &&
      r.externalSecrets.some(es => providerFindings(es).length > 0);
    let current = await report();
    for (let i = 0; i < 150 && !ready(current); i++) {
      await new Promise(resolve => setTimeout(resolve, 200));
      current = await report();
    }
    expect(current.providers).toEqual([
      { ...source, refreshedAt: expect.any(String) },
    ]);
    const byName = Object.fromEntries(
      current.externalSecrets.map(es => [es.name, es]),
    );
    expect(byName.present.store).toMatchObject({
      provider: 'acme',
      providerTitle: 'Acme Secret Vault',
      providerScope: 'acme/shop-prod',
    });
    expect(providerFindings(byName.present)).toEqual([]);
    expect(providerFindings(byName.missing)).toEqual([
      expect.objectContaining({
        rule: 'provider-secret-missing',
        message: expect.stringMatching(
          /^Remote key "shop\/gone" does not exist in Acme project shop-prod \(Acme metadata as of /,
        ),
        remedy: 'Create it: acme secrets create --project shop-prod',
      }),
    ]);
  });
});
