import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { OverviewResponse } from '@eso-health/plugin-external-secrets-common';
import {
  externalSecretsProvidersExtensionPoint,
  ProviderCollector,
} from '@eso-health/plugin-external-secrets-node';
import request from 'supertest';
import { externalSecretsPlugin } from './plugin';

// Other providers (Vault, GCP, Azure) arrive as backend modules through the extension point;
// their listings go through the same refresh task, database and report as AWS's.

describe('provider collectors from backend modules', () => {
  it('refreshes a module-provided collector and reports its scopes', async () => {
    const collector: ProviderCollector = {
      provider: 'vault',
      scopes: () => ['vault/main'],
      collect: async () => ({
        listing: {
          provider: 'vault',
          region: 'eu-west-1',
          refreshedAt: '2026-11-23T10:00:00.000Z',
          secrets: [],
        },
        apiCalls: { LIST: 1 },
        warnings: [],
      }),
    };
    const trigger: { refresh?: () => Promise<void> } = {};
    const { server } = await startTestBackend({
      features: [
        externalSecretsPlugin,
        createBackendModule({
          pluginId: 'external-secrets',
          moduleId: 'vault',
          register(env) {
            env.registerInit({
              deps: {
                providers: externalSecretsProvidersExtensionPoint,
                scheduler: coreServices.scheduler,
              },
              async init({ providers, scheduler }) {
                providers.addCollector(collector);
                trigger.refresh = () =>
                  scheduler.triggerTask('external-secrets-provider-refresh');
              },
            });
          },
        }),
        mockServices.rootConfig.factory({
          data: { externalSecrets: { clusters: [] } },
        }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });

    const overview = async (): Promise<OverviewResponse> =>
      (await request(server).get('/api/external-secrets/v1/overview')).body;
    expect((await overview()).providers).toEqual([
      {
        provider: 'vault',
        scope: 'vault/main',
        status: 'ok',
        refreshedAt: null,
      },
    ]);
    await trigger.refresh!();
    expect((await overview()).providers).toEqual([
      {
        provider: 'vault',
        scope: 'vault/main',
        status: 'ok',
        refreshedAt: '2026-11-23T10:00:00.000Z',
      },
    ]);
  });
});
