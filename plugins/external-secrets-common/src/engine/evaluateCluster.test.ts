import { ClusterObjects, KubeObject } from '../types/kubernetes';
import { ProviderMetadata } from '../types/provider';
import { storeObject } from '../rules/testContext';
import { evaluateCluster } from './evaluateCluster';
import { EvaluateClusterInput } from './types';

const NOW = new Date('2024-05-01T12:00:00Z');
const ago = (seconds: number) =>
  new Date(NOW.getTime() - seconds * 1000).toISOString();
const ns = 'payments';

function externalSecret(
  overrides: {
    apiVersion?: string;
    name?: string;
    spec?: object;
    status?: object;
    labels?: object;
  } = {},
): KubeObject {
  return {
    apiVersion: overrides.apiVersion ?? 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: {
      name: overrides.name ?? 'payments-db',
      namespace: ns,
      uid: 'es-uid',
      creationTimestamp: ago(86400),
      labels: (overrides.labels as Record<string, string>) ?? {
        team: 'payments',
      },
    },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'SecretStore', name: 'aws' },
      target: { name: 'db-credentials' },
      data: [
        {
          secretKey: 'password',
          remoteRef: { key: 'prod/payments/db', property: 'password' },
        },
      ],
      ...overrides.spec,
    },
    status: overrides.status ?? {
      refreshTime: ago(600),
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'SecretSynced',
          message: 'secret synced',
        },
      ],
    },
  };
}

const store = storeObject();

const secret: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'db-credentials',
    namespace: ns,
    annotations: { 'reconcile.external-secrets.io/data-hash': 'abc' },
    managedFields: [
      {
        manager: 'externalsecrets.external-secrets.io/payments-db',
        operation: 'Update',
        time: ago(1800),
      },
      { manager: 'kubectl-edit', operation: 'Update', time: ago(60) },
    ],
  },
};

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'api',
    namespace: ns,
    labels: { 'backstage.io/kubernetes-id': 'payments-api' },
  },
  spec: { template: { metadata: { labels: { app: 'api' } } } },
};
const replicaSet: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name: 'api-7d9f',
    namespace: ns,
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'api',
        controller: true,
      },
    ],
  },
};
const pod = (name: string, startedAgo: number): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: ns,
    labels: { app: 'api', 'pod-template-hash': '7d9f' },
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'api-7d9f',
        controller: true,
      },
    ],
  },
  spec: {
    containers: [
      { name: 'app', envFrom: [{ secretRef: { name: 'db-credentials' } }] },
    ],
  },
  status: {
    startTime: ago(86400),
    containerStatuses: [
      { name: 'app', state: { running: { startedAt: ago(startedAgo) } } },
    ],
  },
});

function objects(overrides: Partial<ClusterObjects> = {}): ClusterObjects {
  return {
    externalSecrets: [externalSecret()],
    clusterExternalSecrets: [],
    secretStores: [store],
    clusterSecretStores: [],
    secrets: [secret],
    pods: [pod('api-7d9f-a', 3600), pod('api-7d9f-b', 600)],
    replicaSets: [replicaSet],
    deployments: [deployment],
    statefulSets: [],
    daemonSets: [],
    jobs: [],
    cronJobs: [],
    events: [],
    ...overrides,
  };
}

const provider = (
  secrets: ProviderMetadata['x']['secrets'],
): ProviderMetadata => ({
  'eu-west-1': {
    provider: 'aws',
    region: 'eu-west-1',
    refreshedAt: ago(120),
    secrets,
  },
});

const run = (overrides: Partial<EvaluateClusterInput> = {}) =>
  evaluateCluster({
    cluster: 'prod',
    objects: objects(),
    now: NOW,
    ...overrides,
  });

describe('evaluateCluster', () => {
  it('builds the status, the findings and the claim labels of an ExternalSecret', () => {
    const [result] = run();
    expect(result.status).toEqual({
      cluster: 'prod',
      namespace: ns,
      name: 'payments-db',
      apiVersion: 'external-secrets.io/v1',
      clusterExternalSecret: null,
      store: {
        kind: 'SecretStore',
        name: 'aws',
        ready: true,
        provider: 'aws',
        providerTitle: 'AWS Secrets Manager',
      },
      targetSecret: 'db-credentials',
      refreshInterval: 3600,
      refreshPolicy: 'Periodic',
      lastSyncTime: ago(600),
      // The ESO manager's time; the newer kubectl edit is not a data change from the provider.
      secretChangedAt: ago(1800),
      secretChangeEvidence: 'managed-fields',
      ready: {
        status: 'True',
        reason: 'SecretSynced',
        message: 'secret synced',
        lastTransitionTime: null,
      },
      health: 'warning',
      findings: [
        expect.objectContaining({
          rule: 'stale-env',
          severity: 'warning',
          workloads: [
            {
              kind: 'Deployment',
              name: 'api',
              namespace: ns,
              reloader: false,
              pods: [
                {
                  pod: 'api-7d9f-a',
                  container: 'app',
                  startedAt: ago(3600),
                  readsVia: ['envFrom'],
                },
              ],
              remedy: 'kubectl rollout restart deployment/api -n payments',
            },
          ],
        }),
      ],
    });
    expect(result.claim).toEqual({
      namespace: ns,
      labelSets: [
        { team: 'payments' },
        { 'backstage.io/kubernetes-id': 'payments-api' },
        { app: 'api', 'pod-template-hash': '7d9f' },
        { app: 'api', 'pod-template-hash': '7d9f' },
      ],
    });
  });

  it('prefers v1 when both versions list the same ExternalSecret, and reads v1beta1 alone', () => {
    const beta = externalSecret({ apiVersion: 'external-secrets.io/v1beta1' });
    const other = externalSecret({
      apiVersion: 'external-secrets.io/v1beta1',
      name: 'legacy',
    });
    const results = run({
      objects: objects({ externalSecrets: [beta, externalSecret(), other] }),
    });
    expect(results.map(r => [r.status.name, r.status.apiVersion])).toEqual([
      ['payments-db', 'external-secrets.io/v1'],
      ['legacy', 'external-secrets.io/v1beta1'],
    ]);
  });

  it('takes the observed data-hash change when it is newer', () => {
    const [result] = run({
      observedSecretChanges: { [`${ns}/db-credentials`]: ago(30) },
    });
    expect(result.status.secretChangedAt).toBe(ago(30));
    expect(result.status.secretChangeEvidence).toBe('data-hash');
    // Both pods started before that change now; the env readers are stale, nothing mounts files.
    expect(
      result.status.findings[0].workloads?.[0].pods.map(p => p.pod),
    ).toEqual(['api-7d9f-a', 'api-7d9f-b']);
  });

  it('expects Reloader for an annotated Deployment', () => {
    const reloaded = {
      ...deployment,
      metadata: {
        ...deployment.metadata,
        annotations: { 'reloader.stakater.com/auto': 'true' },
      },
    };
    const [result] = run({
      objects: objects({ deployments: [reloaded] }),
      observedSecretChanges: { [`${ns}/db-credentials`]: ago(60) },
    });
    expect(result.status.findings.map(f => [f.rule, f.severity])).toEqual([
      ['stale-env', 'info'],
    ]);
    expect(result.status.health).toBe('healthy');
  });

  it('reports a failing sync with the newest Warning Event of this ExternalSecret', () => {
    const failing = externalSecret({
      status: {
        refreshTime: ago(600),
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'SecretSyncedError',
            message: 'could not get secret data from provider',
          },
        ],
      },
    });
    const event = (message: string, time: object, extra: object = {}) => ({
      apiVersion: 'v1',
      kind: 'Event',
      type: 'Warning',
      reason: 'UpdateFailed',
      message,
      metadata: { name: `e-${message}`, namespace: ns },
      involvedObject: {
        kind: 'ExternalSecret',
        name: 'payments-db',
        namespace: ns,
        uid: 'es-uid',
      },
      ...time,
      ...extra,
    });
    const events = [
      event('old', { lastTimestamp: ago(3600) }),
      event('newest', {
        series: { lastObservedTime: ago(60) },
        eventTime: ago(7200),
      }),
      event('middle', {
        metadata: { name: 'm', namespace: ns, creationTimestamp: ago(300) },
      }),
      event(
        'previous object',
        { lastTimestamp: ago(1) },
        {
          involvedObject: {
            kind: 'ExternalSecret',
            name: 'payments-db',
            namespace: ns,
            uid: 'old-uid',
          },
        },
      ),
      event('normal', { lastTimestamp: ago(1) }, { type: 'Normal' }),
      event(
        'other ES',
        { lastTimestamp: ago(1) },
        {
          involvedObject: {
            kind: 'ExternalSecret',
            name: 'other',
            namespace: ns,
          },
        },
      ),
      {
        kind: 'Event',
        type: 'Warning',
        note: 'events.k8s.io shape',
        regarding: { kind: 'Deployment', name: 'api' },
      },
      null,
    ];
    const [result] = run({
      objects: objects({
        externalSecrets: [failing],
        events: events as KubeObject[],
      }),
    });
    expect(result.status.health).toBe('error');
    expect(result.status.findings[0].message).toBe(
      'Sync is failing (SecretSyncedError: could not get secret data from provider); newest warning event UpdateFailed (1m ago): newest.',
    );
  });

  it('reads events.k8s.io events through regarding and note', () => {
    const failing = externalSecret({
      status: {
        conditions: [
          { type: 'Ready', status: 'False', reason: 'SecretSyncedError' },
        ],
      },
    });
    const event = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      type: 'Warning',
      reason: 'UpdateFailed',
      note: 'AccessDeniedException: not authorized',
      eventTime: ago(120),
      metadata: { name: 'e', namespace: ns },
      regarding: { kind: 'ExternalSecret', name: 'payments-db', namespace: ns },
    };
    const [result] = run({
      objects: objects({ externalSecrets: [failing], events: [event] }),
    });
    expect(result.status.findings[0].message).toContain(
      'UpdateFailed (2m ago): AccessDeniedException: not authorized',
    );
    expect(result.status.findings[0].remedy).toMatch(/^Access denied/);
  });

  describe('provider metadata', () => {
    const arn =
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/payments/db-AbCdEf';

    it('reports a key missing from a loaded region', () => {
      const [result] = run({
        provider: provider([
          { provider: 'aws', region: 'eu-west-1', name: 'other', arn },
        ]),
      });
      expect(result.status.findings.map(f => f.rule)).toContain(
        'provider-secret-missing',
      );
      expect(result.status.health).toBe('error');
    });

    it('applies the store prefix and reports a newer provider value', () => {
      const prefixed = {
        ...store,
        spec: { provider: { aws: { region: 'eu-west-1', prefix: 'prod/' } } },
      };
      const es = externalSecret({
        spec: { data: [{ secretKey: 'p', remoteRef: { key: 'payments/db' } }] },
      });
      const [result] = run({
        objects: objects({
          externalSecrets: [es],
          secretStores: [prefixed],
          pods: [],
        }),
        provider: provider([
          {
            provider: 'aws',
            region: 'eu-west-1',
            name: 'prod/payments/db',
            arn,
            lastChangedDate: ago(60),
          },
        ]),
        providerEvidence: 'last-changed-date',
      });
      expect(result.status.findings.map(f => [f.rule, f.severity])).toEqual([
        ['provider-ahead', 'warning'],
      ]);
      expect(result.status.findings[0].message).toContain(
        'per LastChangedDate',
      );
    });

    it.each([
      ['a region that is not loaded', { aws: { region: 'us-east-1' } }],
      ['a store without region', { aws: {} }],
      [
        'Parameter Store',
        { aws: { service: 'ParameterStore', region: 'eu-west-1' } },
      ],
      ['another provider', { vault: { server: 'https://vault' } }],
    ])('stays silent for %s', (_label, providerSpec) => {
      const other = { ...store, spec: { provider: providerSpec } };
      const [result] = run({
        objects: objects({ secretStores: [other], pods: [] }),
        provider: provider([]),
      });
      expect(result.status.findings).toEqual([]);
    });
  });

  it('resolves ClusterSecretStores by name and reports missing or unready stores', () => {
    const es = externalSecret({
      spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'shared' } },
    });
    const clusterStore = {
      kind: 'ClusterSecretStore',
      metadata: { name: 'shared' },
      spec: { provider: { vault: {} } },
      status: {
        conditions: [
          { type: 'Ready', status: 'False', reason: 'InvalidProviderConfig' },
        ],
      },
    };
    const [unready] = run({
      objects: objects({
        externalSecrets: [es],
        clusterSecretStores: [clusterStore],
        pods: [],
      }),
    });
    expect(unready.status.store).toEqual({
      kind: 'ClusterSecretStore',
      name: 'shared',
      ready: false,
      provider: 'vault',
    });
    expect(unready.status.findings.map(f => f.rule)).toEqual([
      'store-not-ready',
    ]);

    const [missing] = run({
      objects: objects({ externalSecrets: [es], pods: [] }),
    });
    expect(missing.status.store).toEqual({
      kind: 'ClusterSecretStore',
      name: 'shared',
      ready: null,
      provider: null,
    });
    expect(missing.status.findings.map(f => f.rule)).toEqual(['store-missing']);
  });

  it('does not find a SecretStore of another namespace', () => {
    const elsewhere = {
      ...store,
      metadata: { name: 'aws', namespace: 'other' },
    };
    const [result] = run({
      objects: objects({ secretStores: [elsewhere], pods: [] }),
    });
    expect(result.status.findings.map(f => f.rule)).toEqual(['store-missing']);
  });

  it('reports a missing target Secret', () => {
    const [result] = run({ objects: objects({ secrets: [], pods: [] }) });
    expect(result.status.secretChangedAt).toBeNull();
    expect(result.status.findings.map(f => f.rule)).toEqual(['target-missing']);
  });

  describe('with secrets: none', () => {
    const updated = (at: string, uid?: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Event',
      type: 'Normal',
      reason: 'Updated',
      message: 'secret updated',
      involvedObject: {
        kind: 'ExternalSecret',
        name: 'payments-db',
        namespace: ns,
        ...(uid ? { uid } : {}),
      },
      lastTimestamp: at,
      metadata: { name: 'payments-db.1', namespace: ns },
    });
    const none = (overrides: Partial<EvaluateClusterInput> = {}) =>
      run({
        secrets: 'none',
        objects: objects({ secrets: [], events: [updated(ago(900))] }),
        ...overrides,
      });

    it("takes the change time from ESO's Updated Event and says the pods may be stale", () => {
      const [result] = none();
      expect(result.status.secretChangedAt).toBe(ago(900));
      expect(result.status.secretChangeEvidence).toBe('eso-event');
      // The Secret is not read, so its absence is no finding; the pod started before the
      // rewrite may hold the old value, the one started after does not.
      expect(result.status.findings.map(f => f.rule)).toEqual(['stale-env']);
      expect(result.status.findings[0].message).toBe(
        `1 container of deployment/api started before ESO rewrote Secret "db-credentials" 15m ago (${ago(
          900,
        )}) and may still hold the old value in its environment: restart it.`,
      );
    });

    it('keeps what history recorded after the Event expired, and takes the newer of both', () => {
      const [fromHistory] = none({
        objects: objects({ secrets: [], events: [] }),
        observedEsoWrites: { [`${ns}/payments-db`]: ago(900) },
      });
      expect(fromHistory.status.secretChangedAt).toBe(ago(900));
      const [newer] = none({
        observedEsoWrites: { [`${ns}/payments-db`]: ago(7200) },
      });
      expect(newer.status.secretChangedAt).toBe(ago(900));
    });

    it('is unknown without an Event or history, never guessed', () => {
      const [result] = none({ objects: objects({ secrets: [], events: [] }) });
      expect(result.status.secretChangedAt).toBeNull();
      expect(result.status.secretChangeEvidence).toBeNull();
      expect(result.status.findings).toEqual([]);
    });

    it('ignores Secrets in the objects and the Events of an earlier ExternalSecret of that name', () => {
      const [result] = none({
        objects: objects({ events: [updated(ago(60), 'other-uid')] }),
      });
      expect(result.status.secretChangedAt).toBeNull();
    });
  });

  it("uses ESO's Updated Event where the Secret carries no managedFields", () => {
    const bare = {
      ...secret,
      metadata: { ...secret.metadata, managedFields: [] },
    };
    const event: KubeObject = {
      kind: 'Event',
      type: 'Normal',
      reason: 'Updated',
      metadata: { name: 'payments-db.17', namespace: ns },
      involvedObject: {
        kind: 'ExternalSecret',
        name: 'payments-db',
        namespace: ns,
      },
      lastTimestamp: ago(300),
    };
    const [result] = run({
      objects: objects({ secrets: [bare], events: [event] }),
    });
    expect(result.status.secretChangedAt).toBe(ago(300));
    expect(result.status.secretChangeEvidence).toBe('eso-event');
  });

  it('does not call a store missing when its kind may not be read', () => {
    const [result] = run({
      objects: objects({ secretStores: [], pods: [] }),
      unreadableKinds: ['secretStores'],
    });
    expect(result.status.findings.map(f => f.rule)).toEqual([]);
    expect(result.status.store.ready).toBeNull();
  });

  it('handles generator-only and non-Secret targets', () => {
    const generator = externalSecret({
      name: 'generated',
      spec: {
        secretStoreRef: undefined,
        data: undefined,
        dataFrom: [
          { sourceRef: { generatorRef: { kind: 'Password', name: 'pw' } } },
        ],
      },
    });
    const manifest = externalSecret({
      name: 'cm',
      spec: { target: { manifest: { apiVersion: 'v1', kind: 'ConfigMap' } } },
    });
    const results = run({
      objects: objects({ externalSecrets: [generator, manifest] }),
    });
    expect(results[0].status.store).toEqual({
      kind: 'SecretStore',
      name: '',
      ready: null,
      provider: null,
    });
    // Its Secret was written by another ES's field manager: no change time is attributed to it.
    expect(results[0].status.secretChangedAt).toBeNull();
    expect(results[0].status.findings).toEqual([]);
    expect(results[1].status.targetSecret).toBeNull();
    expect(results[1].status.findings).toEqual([]);
    expect(results[1].claim.labelSets).toEqual([{ team: 'payments' }]);
  });

  it('is unknown while a new ExternalSecret waits for its first reconcile', () => {
    const fresh = {
      ...externalSecret(),
      metadata: { name: 'new', namespace: ns, creationTimestamp: ago(30) },
    };
    delete (fresh as { status?: unknown }).status;
    const [result] = run({ objects: objects({ externalSecrets: [fresh] }) });
    expect(result.status).toMatchObject({
      health: 'unknown',
      ready: null,
      lastSyncTime: null,
      findings: [],
    });
  });

  it('applies configured thresholds and ignores invalid ones', () => {
    const late = externalSecret({
      status: {
        refreshTime: ago(4000),
        conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced' }],
      },
    });
    const input = { objects: objects({ externalSecrets: [late], pods: [] }) };
    expect(run(input)[0].status.findings).toEqual([]);
    expect(
      run({
        ...input,
        thresholds: { syncOverdueFactor: 1 },
      })[0].status.findings.map(f => f.rule),
    ).toEqual(['sync-overdue']);
    expect(
      run({
        ...input,
        thresholds: {
          syncOverdueFactor: -1,
          syncOverdueMarginSeconds: Number.NaN,
        } as object,
      })[0].status.findings,
    ).toEqual([]);
  });

  it('never crashes on malformed input', () => {
    const garbage = [
      null,
      3,
      'x',
      [],
      { kind: 'ConfigMap', metadata: { name: 'c', namespace: ns } },
      { metadata: 'x' },
      { spec: {} },
    ];
    const broken = {
      externalSecrets: [
        ...garbage,
        externalSecret({
          spec: { secretStoreRef: 'aws', target: null, data: 'x' },
        }),
        { ...externalSecret({ name: 'bad-status' }), status: 'nope' },
      ],
      clusterExternalSecrets: 'nope',
      secretStores: garbage,
      clusterSecretStores: garbage,
      secrets: garbage,
      pods: [
        ...garbage,
        {
          kind: 'Pod',
          metadata: { name: 'p', namespace: ns },
          spec: { containers: 'x' },
        },
      ],
      replicaSets: garbage,
      deployments: garbage,
      statefulSets: undefined,
      daemonSets: null,
      jobs: {},
      events: garbage,
    } as unknown as ClusterObjects;
    const results = evaluateCluster({
      cluster: 'prod',
      objects: broken,
      now: NOW,
      provider: { 'eu-west-1': 'garbage' } as unknown as ProviderMetadata,
      observedSecretChanges: { [`${ns}/payments-db`]: 'not a time' },
    });
    expect(results.map(r => r.status.name)).toEqual([
      'payments-db',
      'bad-status',
    ]);
    expect(
      evaluateCluster({
        cluster: 'c',
        objects: undefined as unknown as ClusterObjects,
        now: NOW,
      }),
    ).toEqual([]);
    expect(
      evaluateCluster({
        cluster: 'c',
        objects: {} as ClusterObjects,
        now: NOW,
      }),
    ).toEqual([]);
  });
});
