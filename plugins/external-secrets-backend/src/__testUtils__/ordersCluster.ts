import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { serviceEntity } from '@eso-health/test-harness';
import { externalSecretsPlugin } from '../plugin';
import {
  COLLECTIONS,
  FakeKubeApiServer,
} from '../sources/kubernetes/__testUtils__/FakeKubeApiServer';

export { COLLECTIONS };

/** A small live cluster for the live, metrics, signals and notifications tests: one store, one service's secrets. */
export const ordersEntity: Entity = serviceEntity(
  'orders',
  'group:default/team-orders',
);

const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();

export function ordersExternalSecret(
  name: string,
  ready: { status: 'True' | 'False'; reason: string } = {
    status: 'True',
    reason: 'SecretSynced',
  },
  spec: Record<string, unknown> = {},
) {
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
          ...ready,
          message:
            ready.status === 'True'
              ? 'secret synced'
              : 'could not get secret data from provider',
          lastTransitionTime: minutesAgo(1),
        },
      ],
    },
  };
}

export function ordersSecret(name: string) {
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

/**
 * Puts the ExternalSecret `name` of orders on the fake API (a watch event): synced, or failing
 * as ESO reports a provider error (Ready False, SecretSyncedError).
 */
export function putOrdersExternalSecret(
  kube: FakeKubeApiServer,
  name: string,
  state: 'synced' | 'failing',
): void {
  kube.put(
    COLLECTIONS.externalSecrets(),
    ordersExternalSecret(
      name,
      state === 'failing'
        ? { status: 'False', reason: 'SecretSyncedError' }
        : undefined,
    ),
  );
}

/** Puts a ready store and synced ExternalSecrets (with their Secrets) on the fake API. */
function seedOrdersCluster(
  kube: FakeKubeApiServer,
  names = ['orders-db', 'orders-api-key'],
): void {
  kube.put(COLLECTIONS.clusterSecretStores(), {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: 'aws' },
    spec: {
      provider: { aws: { service: 'SecretsManager', region: 'eu-west-1' } },
    },
    status: {
      conditions: [
        { type: 'Ready', status: 'True', reason: 'Valid', message: 'ok' },
      ],
    },
  });
  for (const name of names) {
    kube.put(COLLECTIONS.externalSecrets(), ordersExternalSecret(name));
    kube.put(COLLECTIONS.secrets, ordersSecret(name));
  }
}

/**
 * The fake API with the orders cluster on it (seedOrdersCluster) for the calling suite: started
 * in a beforeAll, stopped in an afterAll.
 */
export function useOrdersCluster(names?: string[]): FakeKubeApiServer {
  const kube = new FakeKubeApiServer();
  beforeAll(async () => {
    await kube.start();
    seedOrdersCluster(kube, names);
  });
  afterAll(() => kube.stop());
  return kube;
}

/**
 * The features of a backend reading the live cluster: our plugin, its config and a catalog with
 * the orders service. Tests add their own (signals, notifications) after these.
 */
export function liveBackendFeatures(kube: FakeKubeApiServer) {
  return [
    externalSecretsPlugin,
    mockServices.rootConfig.factory({ data: liveClusterConfig(kube) }),
    catalogServiceMock.factory({ entities: [ordersEntity] }),
  ];
}

/** Config for one live cluster named `live` served by the fake API. */
export function liveClusterConfig(kube: FakeKubeApiServer) {
  return {
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
  };
}

/** Polls until `check` returns a value (no fixed sleeps in assertions). */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}
