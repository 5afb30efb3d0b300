import { Entity } from '@backstage/catalog-model';
import { serviceEntity } from '@eso-health/test-harness';
import {
  COLLECTIONS,
  FakeKubeApiServer,
} from '../sources/kubernetes/__testUtils__/FakeKubeApiServer';

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

/** Puts a ready store and synced ExternalSecrets (with their Secrets) on the fake API. */
export function seedOrdersCluster(
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
