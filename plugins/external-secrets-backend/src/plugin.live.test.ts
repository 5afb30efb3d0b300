import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ServiceReport } from '@eso-health/plugin-external-secrets-common';
import request from 'supertest';
import { externalSecretsPlugin } from './plugin';
import {
  COLLECTIONS,
  FakeKubeApiServer,
} from './sources/kubernetes/__testUtils__/FakeKubeApiServer';

// The whole pipeline against a live (protocol-level) Kubernetes API: list + watch feed the
// report, a watch event changes it, and POST /v1/sync merge-patches the ExternalSecret.

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'orders' },
  },
  spec: {
    type: 'service',
    owner: 'group:default/team-orders',
    lifecycle: 'production',
  },
};

const now = new Date();
const minutesAgo = (m: number) =>
  new Date(now.getTime() - m * 60_000).toISOString();

function externalSecret(name: string, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: {
      name,
      namespace: 'orders',
      creationTimestamp: minutesAgo(600),
      labels: { 'backstage.io/kubernetes-id': 'orders' },
    },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws' },
      target: { name },
      data: [{ secretKey: 'password', remoteRef: { key: `orders/${name}` } }],
      ...spec,
    },
    status: {
      refreshTime: minutesAgo(10),
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'SecretSynced',
          message: 'secret synced',
          lastTransitionTime: minutesAgo(600),
        },
      ],
    },
  };
}

function secret(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace: 'orders',
      managedFields: [
        {
          manager: `externalsecrets.external-secrets.io/${name}`,
          operation: 'Update',
          apiVersion: 'v1',
          time: minutesAgo(300),
        },
      ],
    },
    data: { password: 'c3VwZXItc2VjcmV0' },
  };
}

describe('external-secrets backend against a live Kubernetes API', () => {
  const kube = new FakeKubeApiServer();

  beforeAll(async () => {
    await kube.start();
    kube.put(COLLECTIONS.clusterSecretStores(), {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: 'aws' },
      spec: {
        provider: { aws: { service: 'SecretsManager', region: 'eu-west-1' } },
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
    });
    kube.put(COLLECTIONS.externalSecrets(), externalSecret('orders-db'));
    kube.put(
      COLLECTIONS.externalSecrets(),
      externalSecret('orders-bootstrap', { refreshPolicy: 'CreatedOnce' }),
    );
    kube.put(COLLECTIONS.secrets, secret('orders-db'));
    kube.put(COLLECTIONS.secrets, secret('orders-bootstrap'));
  });

  afterAll(async () => {
    await kube.stop();
  });

  it('reports from the watch, follows changes, and forces a sync through the API', async () => {
    const { server } = await startTestBackend({
      features: [
        externalSecretsPlugin,
        mockServices.rootConfig.factory({
          data: {
            externalSecrets: {
              clusters: [
                {
                  name: 'live',
                  url: kube.url,
                  skipTLSVerify: true,
                  serviceAccountToken: 'token',
                },
              ],
            },
          },
        }),
        catalogServiceMock.factory({ entities: [entity] }),
      ],
    });
    const api = '/api/external-secrets';
    const report = async (): Promise<ServiceReport> =>
      (
        await request(server)
          .get(`${api}/v1/report`)
          .query({ entityRef: 'component:default/orders' })
      ).body;
    const eventually = async (ok: (r: ServiceReport) => boolean) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const r = await report();
        if (ok(r)) return r;
        if (Date.now() > deadline)
          throw new Error(`timed out: ${JSON.stringify(r).slice(0, 400)}`);
        await new Promise(res => setTimeout(res, 100));
      }
    };

    const first = await eventually(r => r.externalSecrets?.length === 2);
    expect(first.health).toBe('healthy');
    expect(first.clusters).toEqual([
      expect.objectContaining({ name: 'live', status: 'ok' }),
    ]);
    expect(JSON.stringify(first)).not.toContain('c3VwZXItc2VjcmV0');

    // ESO reports a failure: the watch delivers it and the report follows without a restart.
    const failing = externalSecret('orders-db');
    failing.status.conditions = [
      {
        type: 'Ready',
        status: 'False',
        reason: 'SecretSyncedError',
        message: 'could not get secret data from provider',
        lastTransitionTime: minutesAgo(1),
      },
    ];
    kube.put(COLLECTIONS.externalSecrets(), failing);
    const broken = await eventually(r => r.health === 'error');
    expect(
      broken.externalSecrets
        .find(es => es.name === 'orders-db')
        ?.findings.map(f => f.rule),
    ).toContain('sync-failed');

    const sync = await request(server)
      .post(`${api}/v1/sync`)
      .send({ cluster: 'live', namespace: 'orders', name: 'orders-db' });
    expect(sync.status).toBe(202);
    expect(sync.body).toEqual(
      expect.objectContaining({
        annotation: 'force-sync',
        annotated: {
          kind: 'ExternalSecret',
          name: 'orders-db',
          namespace: 'orders',
        },
      }),
    );
    const patches = kube
      .requestsTo(
        '/apis/external-secrets.io/v1/namespaces/orders/externalsecrets/orders-db',
      )
      .filter(r => r.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0].headers['content-type']).toContain(
      'application/merge-patch+json',
    );
    expect(JSON.parse(patches[0].body)).toEqual({
      metadata: {
        annotations: { 'force-sync': expect.stringMatching(/^\d+$/) },
      },
    });

    const history = await request(server)
      .get(`${api}/v1/history`)
      .query({ cluster: 'live', namespace: 'orders', name: 'orders-db' });
    expect(history.status).toBe(200);
    expect(history.body.items.map((e: { type: string }) => e.type)).toContain(
      'sync-requested',
    );

    // CreatedOnce: an annotation change does nothing, so the API refuses and says what works.
    const refused = await request(server)
      .post(`${api}/v1/sync`)
      .send({ cluster: 'live', namespace: 'orders', name: 'orders-bootstrap' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(
      /CreatedOnce.*kubectl delete secret orders-bootstrap -n orders/,
    );
    expect(
      kube
        .requestsTo(
          '/apis/external-secrets.io/v1/namespaces/orders/externalsecrets/orders-bootstrap',
        )
        .filter(r => r.method === 'PATCH'),
    ).toHaveLength(0);
  });
});
