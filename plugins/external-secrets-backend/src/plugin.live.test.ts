import { startTestBackend } from '@backstage/backend-test-utils';
import { ServiceReport } from '@eso-health/plugin-external-secrets-common';
import request from 'supertest';
import {
  COLLECTIONS,
  eventually,
  liveBackendFeatures,
  ordersExternalSecret,
  ordersSecret,
  putOrdersExternalSecret,
  useOrdersCluster,
} from './__testUtils__/ordersCluster';

// The whole pipeline against a live (protocol-level) Kubernetes API: list + watch feed the
// report, a watch event changes it, and POST /v1/sync merge-patches the ExternalSecret.

describe('external-secrets backend against a live Kubernetes API', () => {
  const kube = useOrdersCluster(['orders-db']);

  beforeAll(() => {
    kube.put(
      COLLECTIONS.externalSecrets(),
      ordersExternalSecret('orders-bootstrap', undefined, {
        refreshPolicy: 'CreatedOnce',
      }),
    );
    kube.put(COLLECTIONS.secrets, ordersSecret('orders-bootstrap'));
  });

  it('reports from the watch, follows changes, and forces a sync through the API', async () => {
    const { server } = await startTestBackend({
      features: liveBackendFeatures(kube),
    });
    const api = '/api/external-secrets';
    const report = async (): Promise<ServiceReport> =>
      (
        await request(server)
          .get(`${api}/v1/report`)
          .query({ entityRef: 'component:default/orders' })
      ).body;
    const reportWhen = (ok: (r: ServiceReport) => boolean) =>
      eventually(async () => {
        const r = await report();
        return ok(r) ? r : undefined;
      });

    const first = await reportWhen(r => r.externalSecrets?.length === 2);
    expect(first.health).toBe('healthy');
    expect(first.clusters).toEqual([
      expect.objectContaining({ name: 'live', status: 'ok' }),
    ]);
    expect(JSON.stringify(first)).not.toContain('c3VwZXItc2VjcmV0');

    // ESO reports a failure: the watch delivers it and the report follows without a restart.
    putOrdersExternalSecret(kube, 'orders-db', 'failing');
    const broken = await reportWhen(r => r.health === 'error');
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
