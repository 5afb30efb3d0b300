// The simulated fleet's objects, generated deterministically from (cluster, index) so that the
// simulated API server, the driver's checks and the in-process evaluation timing all see the
// same cluster without sharing any state. Per ExternalSecret j of a cluster:
//   ExternalSecret → target Secret (ESO's field manager, data-hash annotation)
//   Deployment → ReplicaSet → 3 Pods reading the Secret (envFrom for even j, a volume for odd j)
// plus one ClusterSecretStore `aws` per cluster and a Warning Event per failing ExternalSecret.
// Every ExternalSecret, Deployment, ReplicaSet and Pod carries
// `backstage.io/kubernetes-id: svc-<j % 1000>`; a service's objects share one namespace.

/** Label (and catalog annotation) that ties Kubernetes objects to a catalog entity. */
export const KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const SERVICES = 1000;
export const NAMESPACES = 50;
export const PODS_PER_DEPLOYMENT = 3;
export const STORE_NAME = 'aws';
const DATA_HASH = 'reconcile.external-secrets.io/data-hash';
const ESO_MANAGER = 'externalsecrets.external-secrets.io/';
const DAY = 86_400_000;

/** What varies between clusters and runs: the cluster index and the generation time. */
export interface ClusterContext {
  cluster: number;
  /** Epoch ms everything is dated relative to (the server's start). */
  now: number;
}

/** Changes pushed at run time (through the control endpoint), applied on top of the baseline. */
export interface Overrides {
  /** ESO wrote new data into the Secret: managedFields time and data-hash move. */
  secretWrittenAt?: number;
  dataHash?: string;
  /** The deployment's pods restarted: new container start time, restart count + 1. */
  podsStartedAt?: number;
  restarts?: number;
  /** ExternalSecret status: last sync time and Ready condition. */
  refreshedAt?: number;
  ready?: boolean;
}

/** Names and placement of ExternalSecret j and what hangs off it. */
export interface Identity {
  j: number;
  service: string;
  namespace: string;
  name: string;
  deployment: string;
  replicaSet: string;
  pods: string[];
  readsVia: 'envFrom' | 'volume';
  /** Baseline scenario: 1 in 97 fails to sync (error), 1 in 89 has pods older than its data. */
  failing: boolean;
  staleBaseline: boolean;
}

export function serviceOf(j: number): string {
  return `svc-${j % SERVICES}`;
}

/** A 32-bit mix (splitmix-like); cheap, deterministic, good enough for names and uids. */
function mix(seed: number): number {
  let x = seed | 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

function hex(seed: number, length: number): string {
  let out = '';
  for (let round = 0; out.length < length; round++)
    out += mix(seed + round * 0x9e3779b9)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}

/** Kubernetes-style random suffixes: consonants and digits (no vowels, like the real ones). */
const SUFFIX_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
function suffix(seed: number, length: number): string {
  let out = '';
  let x = mix(seed);
  for (let i = 0; i < length; i++) {
    out += SUFFIX_CHARS[x % SUFFIX_CHARS.length];
    x = mix(x + i + 1);
  }
  return out;
}

function seedOf(cluster: number, kind: number, j: number, r = 0): number {
  return mix(cluster * 0x01000193 + kind * 0x3c6ef372 + j * 131 + r);
}

export function uid(cluster: number, kind: number, j: number, r = 0): string {
  const h = hex(seedOf(cluster, kind, j, r), 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

/** RFC 3339 with second precision, as the API server writes timestamps. */
export function kubeTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000)
    .toISOString()
    .replace('.000Z', 'Z');
}

export function identity(j: number): Identity {
  const k = j % SERVICES;
  const copy = Math.floor(j / SERVICES);
  const service = `svc-${k}`;
  const deployment = `${service}-app-${copy}`;
  // The ReplicaSet's pod-template-hash and the pods' suffixes do not depend on the cluster,
  // like a deployment rolled out from the same manifest everywhere.
  const replicaSet = `${deployment}-${suffix(j * 7 + 1, 10)}`;
  return {
    j,
    service,
    // 1,000 % 50 == 0: every copy of a service lands in the same namespace.
    namespace: `ns-${String(k % NAMESPACES).padStart(2, '0')}`,
    name: `${service}-creds-${copy}`,
    deployment,
    replicaSet,
    pods: Array.from(
      { length: PODS_PER_DEPLOYMENT },
      (_, r) => `${replicaSet}-${suffix(j * 7 + 2 + r, 5)}`,
    ),
    readsVia: j % 2 === 0 ? 'envFrom' : 'volume',
    failing: j % 97 === 13,
    staleBaseline: j % 89 === 7,
  };
}

/** Kind numbers for uid seeds. */
const K = {
  es: 1,
  secret: 2,
  deployment: 3,
  replicaSet: 4,
  pod: 5,
  store: 6,
  event: 7,
  namespace: 8,
};

/** Baseline times of ExternalSecret j: its data was written before its pods started. */
function times(ctx: ClusterContext, id: Identity, o: Overrides | undefined) {
  const podsStarted =
    o?.podsStartedAt ?? ctx.now - 2 * DAY - (id.j % 600) * 1000;
  const baselineWrite = id.staleBaseline
    ? ctx.now - 1 * DAY
    : ctx.now - 3 * DAY - (id.j % 3600) * 1000;
  return {
    created: ctx.now - 30 * DAY - (id.j % 1000) * 60_000,
    podsStarted,
    written: o?.secretWrittenAt ?? baselineWrite,
    refreshed:
      o?.refreshedAt ??
      (id.failing ? ctx.now - 5 * 3_600_000 : ctx.now - (id.j % 50) * 60_000),
  };
}

function serviceLabels(id: Identity): Record<string, string> {
  return {
    'app.kubernetes.io/name': id.service,
    'app.kubernetes.io/instance': id.deployment,
    'app.kubernetes.io/part-of': 'shop',
    [KUBERNETES_ID]: id.service,
  };
}

export function externalSecret(
  ctx: ClusterContext,
  j: number,
  o?: Overrides,
  rv = 1,
) {
  const id = identity(j);
  const t = times(ctx, id, o);
  const ready = o?.ready ?? !id.failing;
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: {
      name: id.name,
      namespace: id.namespace,
      uid: uid(ctx.cluster, K.es, j),
      resourceVersion: String(rv),
      generation: 1,
      creationTimestamp: kubeTime(t.created),
      labels: {
        [KUBERNETES_ID]: id.service,
        'app.kubernetes.io/name': id.service,
      },
      annotations: {
        'argocd.argoproj.io/tracking-id': `${id.service}:external-secrets.io/ExternalSecret:${id.namespace}/${id.name}`,
      },
    },
    spec: {
      refreshInterval: '1h',
      refreshPolicy: 'Periodic',
      secretStoreRef: { kind: 'ClusterSecretStore', name: STORE_NAME },
      target: {
        name: id.name,
        creationPolicy: 'Owner',
        deletionPolicy: 'Retain',
      },
      data: [
        {
          secretKey: 'password',
          remoteRef: {
            key: `prod/${id.service}/creds-${Math.floor(j / SERVICES)}`,
            property: 'password',
            conversionStrategy: 'Default',
            decodingStrategy: 'None',
            metadataPolicy: 'None',
          },
        },
        {
          secretKey: 'username',
          remoteRef: {
            key: `prod/${id.service}/creds-${Math.floor(j / SERVICES)}`,
            property: 'username',
            conversionStrategy: 'Default',
            decodingStrategy: 'None',
            metadataPolicy: 'None',
          },
        },
      ],
    },
    status: {
      binding: { name: id.name },
      conditions: [
        ready
          ? {
              type: 'Ready',
              status: 'True',
              reason: 'SecretSynced',
              message: 'secret synced',
              lastTransitionTime: kubeTime(t.refreshed),
            }
          : {
              type: 'Ready',
              status: 'False',
              reason: 'SecretSyncedError',
              message:
                'could not get secret data from provider: AccessDeniedException: User is not authorized to perform secretsmanager:GetSecretValue',
              lastTransitionTime: kubeTime(t.refreshed + 60_000),
            },
      ],
      refreshTime: kubeTime(t.refreshed),
      syncedResourceVersion: `1-${hex(seedOf(ctx.cluster, K.es, j, 9), 32)}`,
    },
  };
}

export function secret(ctx: ClusterContext, j: number, o?: Overrides, rv = 1) {
  const id = identity(j);
  const t = times(ctx, id, o);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: id.name,
      namespace: id.namespace,
      uid: uid(ctx.cluster, K.secret, j),
      resourceVersion: String(rv),
      creationTimestamp: kubeTime(t.created + 5_000),
      labels: { 'reconcile.external-secrets.io/managed': 'true' },
      annotations: {
        [DATA_HASH]:
          o?.dataHash ?? hex(seedOf(ctx.cluster, K.secret, j, 1), 32),
      },
      ownerReferences: [
        {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ExternalSecret',
          name: id.name,
          uid: uid(ctx.cluster, K.es, j),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      managedFields: [
        {
          manager: `${ESO_MANAGER}${id.name}`,
          operation: 'Apply',
          apiVersion: 'v1',
          time: kubeTime(t.written),
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:data': { 'f:password': {}, 'f:username': {} },
            'f:immutable': {},
            'f:metadata': {
              'f:annotations': { [`f:${DATA_HASH}`]: {} },
              'f:labels': { 'f:reconcile.external-secrets.io/managed': {} },
              'f:ownerReferences': {
                [`k:{"uid":"${uid(ctx.cluster, K.es, j)}"}`]: {},
              },
            },
            'f:type': {},
          },
        },
      ],
    },
    data: {
      password: 'c2ltdWxhdGVkLXBhc3N3b3JkLW5vdC1hLXNlY3JldA==',
      username: 'c2ltdWxhdGVk',
    },
    immutable: false,
    type: 'Opaque',
  };
}

function podTemplateSpec(id: Identity) {
  const container = {
    name: 'app',
    image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${id.service}:1.${
      id.j % 17
    }.${id.j % 5}`,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    env: [
      { name: 'SERVICE_NAME', value: id.service },
      { name: 'LOG_LEVEL', value: 'info' },
    ],
    ...(id.readsVia === 'envFrom'
      ? { envFrom: [{ secretRef: { name: id.name } }] }
      : {
          volumeMounts: [
            { name: 'creds', mountPath: '/etc/creds', readOnly: true },
          ],
        }),
    resources: {
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    },
    readinessProbe: {
      httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' },
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
  return {
    containers: [container],
    ...(id.readsVia === 'volume'
      ? {
          volumes: [
            {
              name: 'creds',
              secret: { secretName: id.name, defaultMode: 420 },
            },
          ],
        }
      : {}),
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: id.service,
    securityContext: {},
    schedulerName: 'default-scheduler',
  };
}

function templateHash(id: Identity): string {
  return id.replicaSet.slice(id.deployment.length + 1);
}

export function deployment(
  ctx: ClusterContext,
  j: number,
  o?: Overrides,
  rv = 1,
) {
  const id = identity(j);
  const t = times(ctx, id, o);
  const labels = serviceLabels(id);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: id.deployment,
      namespace: id.namespace,
      uid: uid(ctx.cluster, K.deployment, j),
      resourceVersion: String(rv),
      generation: 4,
      creationTimestamp: kubeTime(t.created),
      labels,
      annotations: { 'deployment.kubernetes.io/revision': '4' },
    },
    spec: {
      replicas: PODS_PER_DEPLOYMENT,
      selector: {
        matchLabels: { 'app.kubernetes.io/instance': id.deployment },
      },
      template: {
        metadata: { labels },
        spec: podTemplateSpec(id),
      },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {
      observedGeneration: 4,
      replicas: PODS_PER_DEPLOYMENT,
      updatedReplicas: PODS_PER_DEPLOYMENT,
      readyReplicas: PODS_PER_DEPLOYMENT,
      availableReplicas: PODS_PER_DEPLOYMENT,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          lastUpdateTime: kubeTime(t.podsStarted),
          lastTransitionTime: kubeTime(t.podsStarted),
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        },
        {
          type: 'Progressing',
          status: 'True',
          lastUpdateTime: kubeTime(t.podsStarted),
          lastTransitionTime: kubeTime(t.created),
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${id.replicaSet}" has successfully progressed.`,
        },
      ],
    },
  };
}

export function replicaSet(
  ctx: ClusterContext,
  j: number,
  o?: Overrides,
  rv = 1,
) {
  const id = identity(j);
  const t = times(ctx, id, o);
  const labels = {
    ...serviceLabels(id),
    'pod-template-hash': templateHash(id),
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: id.replicaSet,
      namespace: id.namespace,
      uid: uid(ctx.cluster, K.replicaSet, j),
      resourceVersion: String(rv),
      generation: 1,
      creationTimestamp: kubeTime(t.podsStarted - 30_000),
      labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas':
          String(PODS_PER_DEPLOYMENT),
        'deployment.kubernetes.io/max-replicas': String(
          PODS_PER_DEPLOYMENT + 1,
        ),
        'deployment.kubernetes.io/revision': '4',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: id.deployment,
          uid: uid(ctx.cluster, K.deployment, j),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas: PODS_PER_DEPLOYMENT,
      selector: {
        matchLabels: {
          'app.kubernetes.io/instance': id.deployment,
          'pod-template-hash': templateHash(id),
        },
      },
      template: { metadata: { labels }, spec: podTemplateSpec(id) },
    },
    status: {
      replicas: PODS_PER_DEPLOYMENT,
      fullyLabeledReplicas: PODS_PER_DEPLOYMENT,
      readyReplicas: PODS_PER_DEPLOYMENT,
      availableReplicas: PODS_PER_DEPLOYMENT,
      observedGeneration: 1,
    },
  };
}

export function pod(
  ctx: ClusterContext,
  j: number,
  r: number,
  o?: Overrides,
  rv = 1,
) {
  const id = identity(j);
  const t = times(ctx, id, o);
  const name = id.pods[r];
  const started = kubeTime(t.podsStarted + r * 1000);
  const scheduled = kubeTime(t.podsStarted + r * 1000 - 8000);
  const node = `ip-10-${ctx.cluster % 250}-${(j >> 8) % 250}-${
    j % 250
  }.eu-west-1.compute.internal`;
  const spec = podTemplateSpec(id);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${id.replicaSet}-`,
      namespace: id.namespace,
      uid: uid(ctx.cluster, K.pod, j, r),
      resourceVersion: String(rv),
      creationTimestamp: scheduled,
      labels: { ...serviceLabels(id), 'pod-template-hash': templateHash(id) },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: id.replicaSet,
          uid: uid(ctx.cluster, K.replicaSet, j),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      ...spec,
      volumes: [
        ...(spec.volumes ?? []),
        {
          name: 'kube-api-access-' + suffix(j * 11 + r, 5),
          projected: {
            sources: [
              {
                serviceAccountToken: { expirationSeconds: 3607, path: 'token' },
              },
              {
                configMap: {
                  name: 'kube-root-ca.crt',
                  items: [{ key: 'ca.crt', path: 'ca.crt' }],
                },
              },
            ],
            defaultMode: 420,
          },
        },
      ],
      nodeName: node,
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
    },
    status: {
      phase: 'Running',
      conditions: [
        {
          type: 'PodReadyToStartContainers',
          status: 'True',
          lastTransitionTime: started,
        },
        { type: 'Initialized', status: 'True', lastTransitionTime: scheduled },
        { type: 'Ready', status: 'True', lastTransitionTime: started },
        {
          type: 'ContainersReady',
          status: 'True',
          lastTransitionTime: started,
        },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: scheduled },
      ],
      hostIP: `10.${ctx.cluster % 250}.${(j >> 8) % 250}.${j % 250}`,
      podIP: `100.${64 + (ctx.cluster % 60)}.${(j >> 6) % 250}.${
        (j * 3 + r) % 250
      }`,
      startTime: scheduled,
      containerStatuses: [
        {
          name: 'app',
          state: { running: { startedAt: started } },
          lastState: {},
          ready: true,
          restartCount: o?.restarts ?? 0,
          image: spec.containers[0].image,
          imageID: `${spec.containers[0].image.split(':')[0]}@sha256:${hex(
            seedOf(0, K.pod, j, 77),
            64,
          )}`,
          containerID: `containerd://${hex(
            seedOf(ctx.cluster, K.pod, j, r + 100),
            64,
          )}`,
          started: true,
        },
      ],
      qosClass: 'Burstable',
    },
  };
}

export function clusterSecretStore(ctx: ClusterContext, rv = 1) {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: {
      name: STORE_NAME,
      uid: uid(ctx.cluster, K.store, 0),
      resourceVersion: String(rv),
      generation: 1,
      creationTimestamp: kubeTime(ctx.now - 90 * DAY),
    },
    spec: {
      provider: {
        aws: {
          service: 'SecretsManager',
          region: 'eu-west-1',
          auth: {
            jwt: {
              serviceAccountRef: {
                name: 'external-secrets',
                namespace: 'external-secrets',
              },
            },
          },
        },
      },
    },
    status: {
      capabilities: 'ReadWrite',
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'Valid',
          message: 'store validated',
          lastTransitionTime: kubeTime(ctx.now - 90 * DAY),
        },
      ],
    },
  };
}

/** ESO's Warning on a failing ExternalSecret (only failing ones have one). */
export function warningEvent(ctx: ClusterContext, j: number, rv = 1) {
  const id = identity(j);
  const t = times(ctx, id, undefined);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${id.name}.${hex(seedOf(ctx.cluster, K.event, j), 16)}`,
      namespace: id.namespace,
      uid: uid(ctx.cluster, K.event, j),
      resourceVersion: String(rv),
      creationTimestamp: kubeTime(t.refreshed),
    },
    involvedObject: {
      kind: 'ExternalSecret',
      namespace: id.namespace,
      name: id.name,
      uid: uid(ctx.cluster, K.es, j),
      apiVersion: 'external-secrets.io/v1',
      resourceVersion: '1',
    },
    reason: 'UpdateFailed',
    message:
      'error retrieving secret at .data[0], key: prod/' +
      `${id.service}/creds-0, err: AccessDeniedException: User is not authorized to perform secretsmanager:GetSecretValue`,
    source: { component: 'external-secrets' },
    firstTimestamp: kubeTime(t.refreshed),
    lastTimestamp: kubeTime(ctx.now - 60_000),
    count: 42,
    type: 'Warning',
    eventTime: null,
    reportingComponent: 'external-secrets',
    reportingInstance: '',
  };
}

export function namespace(ctx: ClusterContext, n: number, rv = 1) {
  const name = `ns-${String(n).padStart(2, '0')}`;
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      uid: uid(ctx.cluster, K.namespace, n),
      resourceVersion: String(rv),
      creationTimestamp: kubeTime(ctx.now - 120 * DAY),
      labels: { 'kubernetes.io/metadata.name': name },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

/** The failing ExternalSecrets of a cluster of `count` (the ones with a Warning Event). */
export function failingIndexes(count: number): number[] {
  const out: number[] = [];
  for (let j = 13; j < count; j += 97) out.push(j);
  return out;
}

/** How many objects one cluster holds, by the kinds the backend tracks. */
export function objectsPerCluster(count: number) {
  const events = failingIndexes(count).length;
  return {
    externalSecrets: count,
    secrets: count,
    deployments: count,
    replicaSets: count,
    pods: count * PODS_PER_DEPLOYMENT,
    clusterSecretStores: 1,
    events,
    total: count * (4 + PODS_PER_DEPLOYMENT) + 1 + events,
  };
}
