// How evaluation and the overview scale with the number of ExternalSecrets (the overview must
// stay fast at 50,000). Builds a synthetic cluster — per ExternalSecret: its Secret, a Deployment
// chain with two pods reading it — then times, in the same run:
//   baseline   normalising every ExternalSecret alone (readExternalSecret), the least any
//              evaluation must do;
//   evaluate   evaluateCluster over the whole cluster (what the backend runs on every change);
//   overview   one overview request through the backend's buildOverview with 2,000 services.
//
//   node -r @backstage/cli-node/config/nodeTransform.cjs bench/engine-scale.ts
import {
  DEFAULT_THRESHOLDS,
  emptyClusterObjects,
  evaluateCluster,
  KubeObject,
  readExternalSecret,
} from '@eso-health/plugin-external-secrets-common';
import { ExternalSecretsIndex } from '../plugins/external-secrets-backend/src/index/ExternalSecretsIndex';
import { buildOverview } from '../plugins/external-secrets-backend/src/service/buildOverview';
import { ClusterSource } from '../plugins/external-secrets-backend/src/sources/types';

const now = new Date('2026-11-23T12:00:00Z');
const iso = (minutesAgo: number) =>
  new Date(now.getTime() - minutesAgo * 60_000).toISOString();

function syntheticCluster(count: number) {
  const objects = emptyClusterObjects();
  objects.clusterSecretStores.push({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: 'aws' },
    spec: { provider: { aws: { region: 'eu-west-1' } } },
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'Valid' }],
    },
  });
  for (let i = 0; i < count; i++) {
    const ns = `ns-${i % 500}`;
    const name = `es-${i}`;
    const service = `svc-${i % 2000}`;
    objects.externalSecrets.push({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name, namespace: ns, creationTimestamp: iso(10_000) },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws' },
        data: [
          { secretKey: 'password', remoteRef: { key: `${service}/${name}` } },
        ],
      },
      status: {
        refreshTime: iso(i % 200),
        conditions: [
          {
            type: 'Ready',
            status: i % 97 === 0 ? 'False' : 'True',
            reason: 'SecretSynced',
          },
        ],
      },
    });
    objects.secrets.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        namespace: ns,
        managedFields: [
          {
            manager: `externalsecrets.external-secrets.io/${name}`,
            time: iso(i % 300),
          },
        ],
      },
    });
    const deployment = `${name}-app`;
    objects.deployments.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: deployment,
        namespace: ns,
        labels: { 'backstage.io/kubernetes-id': service },
      },
    });
    objects.replicaSets.push({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${deployment}-rs`,
        namespace: ns,
        ownerReferences: [
          { kind: 'Deployment', name: deployment, controller: true },
        ],
      },
    });
    for (const p of [0, 1]) {
      objects.pods.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${deployment}-${p}`,
          namespace: ns,
          labels: { 'backstage.io/kubernetes-id': service },
          ownerReferences: [
            { kind: 'ReplicaSet', name: `${deployment}-rs`, controller: true },
          ],
        },
        spec: {
          containers: [{ name: 'app', envFrom: [{ secretRef: { name } }] }],
        },
        status: {
          containerStatuses: [
            { name: 'app', state: { running: { startedAt: iso(250) } } },
          ],
        },
      } as KubeObject);
    }
  }
  return objects;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

async function main() {
  console.log(
    '| ExternalSecrets | pods | baseline: normalise only (ms) | evaluateCluster (ms) | µs per ES | overview request (ms) |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const count of [1_000, 10_000, 50_000]) {
    const objects = syntheticCluster(count);
    const baseline = time(() =>
      objects.externalSecrets.map(readExternalSecret),
    );
    evaluateCluster({
      cluster: 'bench',
      objects,
      now,
      thresholds: DEFAULT_THRESHOLDS,
    }); // warm-up
    const evaluation = time(() =>
      evaluateCluster({
        cluster: 'bench',
        objects,
        now,
        thresholds: DEFAULT_THRESHOLDS,
      }),
    );

    const source: ClusterSource = {
      name: 'bench',
      start: async () => {},
      stop: async () => {},
      objects: () => objects,
      state: () => ({
        name: 'bench',
        status: 'ok',
        lastUpdated: now.toISOString(),
      }),
      onChange: () => () => {},
      annotate: async () => {},
      frozenAt: () => now,
    };
    const index = new ExternalSecretsIndex({
      clusters: [source],
      providers: [],
      thresholds: DEFAULT_THRESHOLDS,
      logger: console as any, // the index logs only on engine failures
    });
    index.evaluateAll();
    const services = Array.from({ length: 2000 }, (_, i) => ({
      entityRef: `component:default/svc-${i}`,
      annotations: { 'backstage.io/kubernetes-id': `svc-${i}` },
    }));
    const cache = {};
    const query = { offset: 0, limit: 50 };
    await buildOverview({
      index,
      services,
      catalogVersion: 1,
      cache,
      query,
      now,
    }); // builds the snapshot
    const start = process.hrtime.bigint();
    await buildOverview({
      index,
      services,
      catalogVersion: 1,
      cache,
      query: { ...query, health: 'error' },
      now,
    });
    const overviewMs = Number(process.hrtime.bigint() - start) / 1e6;

    console.log(
      `| ${count.toLocaleString('en')} | ${objects.pods.length.toLocaleString(
        'en',
      )} | ${baseline.ms.toFixed(0)} | ${evaluation.ms.toFixed(0)} | ${(
        (evaluation.ms * 1000) /
        count
      ).toFixed(1)} | ${overviewMs.toFixed(2)} |`,
    );
  }
}

main();
