import { mockServices } from '@backstage/backend-test-utils';
import {
  ClusterObjects,
  DEFAULT_THRESHOLDS,
  emptyClusterObjects,
  evaluationContext,
  KubeObject,
} from '@eso-health/plugin-external-secrets-common';
import { ListenerSet } from '../lib/ListenerSet';
import { ClusterSet, ClusterSource, SourceChange } from '../sources/types';
import { ExternalSecretsIndex } from '../readModel/ExternalSecretsIndex';
import {
  ClusterEvaluator,
  EvaluationUpdate,
  EvaluatorEnvironment,
} from './ClusterEvaluator';
import { Evaluations } from './Evaluations';

/** A source whose objects and readiness the test sets, announcing each change as a watch would. */
class FakeSource implements ClusterSource {
  private readonly listeners = new ListenerSet<SourceChange>();
  current: ClusterObjects = emptyClusterObjects();
  isReady = true;
  constructor(readonly name: string) {}
  async start() {}
  async stop() {}
  objects() {
    return this.current;
  }
  state() {
    return { name: this.name, status: 'ok' as const, lastUpdated: null };
  }
  ready() {
    return this.isReady;
  }
  onChange(listener: (change?: SourceChange) => void) {
    return this.listeners.add(listener);
  }
  async annotate() {}
  /** Replaces everything (a manifests folder re-read). */
  reset(objects: Partial<ClusterObjects>) {
    this.current = { ...emptyClusterObjects(), ...objects };
    this.listeners.notify({ type: 'reset' });
  }
  /** One watch event. */
  upsert(kind: keyof ClusterObjects, object: KubeObject) {
    const list = this.current[kind].filter(
      o => o.metadata?.name !== object.metadata?.name,
    );
    this.current = { ...this.current, [kind]: [...list, object] };
    this.listeners.notify({ type: 'upsert', kind, object });
  }
  becomeReady() {
    this.isReady = true;
    this.listeners.notify();
  }
}

class FakeClusters implements ClusterSet {
  private readonly listeners = new ListenerSet();
  constructor(public current: ClusterSource[]) {}
  list() {
    return this.current;
  }
  get(name: string) {
    return this.current.find(c => c.name === name);
  }
  onChange(listener: () => void) {
    return this.listeners.add(listener);
  }
  set(current: ClusterSource[]) {
    this.current = current;
    this.listeners.notify();
  }
}

const store: KubeObject = {
  apiVersion: 'external-secrets.io/v1',
  kind: 'ClusterSecretStore',
  metadata: { name: 'aws' },
  spec: { provider: { aws: { region: 'eu-west-1' } } },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
};

function externalSecret(
  name: string,
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: {
      name,
      namespace: 'shop',
      labels,
      creationTimestamp: '2026-11-23T11:00:00Z',
    },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws' },
      target: { name },
    },
    status: {
      refreshTime: '2026-11-23T11:50:00Z',
      conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced' }],
    },
  };
}

const secret = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name,
    namespace: 'shop',
    managedFields: [
      {
        manager: `externalsecrets.external-secrets.io/${name}`,
        time: '2026-11-23T11:30:00Z',
      },
    ],
  },
});

const pod = (name: string, reads: string, startedAt: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop' },
  spec: {
    containers: [{ name: 'app', envFrom: [{ secretRef: { name: reads } }] }],
  },
  status: {
    containerStatuses: [{ name: 'app', state: { running: { startedAt } } }],
  },
});

/** One ClusterEvaluator on its own, following its source, with the test's hooks. */
function standalone(
  source: FakeSource,
  hooks: Pick<EvaluatorEnvironment, 'onUpdate' | 'turn' | 'stepBudgetMs'>,
): ClusterEvaluator & { close(): void } {
  const evaluator = new ClusterEvaluator(source, {
    clock: () => new Date('2026-11-23T12:00:00Z'),
    context: (s, now) =>
      evaluationContext({
        cluster: s.name,
        provider: {},
        thresholds: DEFAULT_THRESHOLDS,
        now,
      }),
    ...hooks,
  });
  const unsubscribe = source.onChange(change => evaluator.apply(change));
  return Object.assign(evaluator, {
    close() {
      unsubscribe();
      evaluator.stop();
    },
  });
}

/** The names of the ExternalSecrets in the index, sorted. */
const namesIn = (index: ExternalSecretsIndex) =>
  index
    .all()
    .map(e => e.status.name)
    .sort();

describe('Evaluations', () => {
  let evaluations: Evaluations | undefined;
  afterEach(() => evaluations?.stop());

  function run(sources: FakeSource[]) {
    const clusters = new FakeClusters(sources);
    const updates: EvaluationUpdate[] = [];
    const index = new ExternalSecretsIndex({ clusters, providers: [] });
    evaluations = new Evaluations({
      clusters,
      providers: [],
      thresholds: DEFAULT_THRESHOLDS,
      logger: mockServices.logger.mock(),
      clock: () => new Date('2026-11-23T12:00:00Z'),
    });
    evaluations.onUpdate(update => {
      updates.push(update);
      index.apply(update);
    });
    evaluations.onClusterRemoved(name => index.dropCluster(name));
    evaluations.start();
    return { clusters, index, updates };
  }

  it('evaluates what a watch event can change, not the whole cluster', async () => {
    const source = new FakeSource('a');
    source.reset({
      clusterSecretStores: [store],
      externalSecrets: [
        externalSecret('db', { 'backstage.io/kubernetes-id': 'shop' }),
        externalSecret('cache'),
      ],
      secrets: [secret('db'), secret('cache')],
    });
    const { index, updates } = run([source]);
    await evaluations!.settled();
    expect(namesIn(index)).toEqual(['cache', 'db']);
    expect(index.withKubernetesId('shop').map(e => e.status.name)).toEqual([
      'db',
    ]);
    updates.length = 0;

    // A pod reading db started before its Secret changed: only db is evaluated again.
    source.upsert('pods', pod('api-1', 'db', '2026-11-23T11:00:00Z'));
    await evaluations!.settled();
    expect(updates.flatMap(u => u.results.map(r => r.status.name))).toEqual([
      'db',
    ]);
    expect(
      index.find('a', 'shop', 'db')!.status.findings.map(f => f.rule),
    ).toEqual(['stale-env']);

    // A pod reading nothing the ExternalSecrets write: nothing to evaluate.
    updates.length = 0;
    source.upsert('pods', pod('other', 'unrelated', '2026-11-23T11:00:00Z'));
    await evaluations!.settled();
    expect(updates.flatMap(u => u.results)).toEqual([]);
  });

  it('judges nothing before every kind is listed, then everything', async () => {
    const source = new FakeSource('a');
    source.isReady = false;
    source.reset({
      clusterSecretStores: [store],
      externalSecrets: [externalSecret('db')],
    });
    const { index } = run([source]);
    await evaluations!.settled();
    // Secrets are not listed yet: db is not called target-missing.
    expect(index.all()).toEqual([]);

    source.current = { ...source.current, secrets: [secret('db')] };
    source.becomeReady();
    await evaluations!.settled();
    expect(index.find('a', 'shop', 'db')!.status.findings).toEqual([]);
  });

  it('evaluates large clusters in slices and everything again on request', async () => {
    const source = new FakeSource('big');
    const names = Array.from({ length: 450 }, (_, i) => `es-${i}`);
    source.reset({
      clusterSecretStores: [store],
      externalSecrets: names.map(name => externalSecret(name)),
      secrets: names.map(secret),
    });
    const { index, updates } = run([source]);
    await evaluations!.settled();
    // At most 200 a step (fewer when a step reaches its time budget first).
    const steps = () => updates.map(u => u.results.length);
    expect(steps().length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...steps())).toBeLessThanOrEqual(200);
    expect(steps().reduce((a, b) => a + b)).toBe(450);
    expect(index.all()).toHaveLength(450);

    updates.length = 0;
    evaluations!.evaluateAll();
    await evaluations!.settled();
    expect(steps().reduce((a, b) => a + b)).toBe(450);
  });

  it('rebuilds a model step by step and applies the changes that arrive meanwhile', async () => {
    const source = new FakeSource('big');
    const names = Array.from({ length: 2500 }, (_, i) => `es-${i}`);
    source.reset({
      clusterSecretStores: [store],
      externalSecrets: names.map(name => externalSecret(name)),
      secrets: names.map(secret),
    });
    const evaluated = new Set<string>();
    let turns = 0;
    const evaluator = standalone(source, {
      onUpdate: u => u.results.forEach(r => evaluated.add(r.status.name)),
      // Every step yields after one object or ExternalSecret.
      stepBudgetMs: 0,
      turn: async () => {
        // In the rebuild's second step: a watch event arrives.
        if (++turns === 2)
          source.upsert('externalSecrets', externalSecret('late'));
        await new Promise(resolve => setImmediate(resolve));
      },
    });
    try {
      evaluator.apply({ type: 'reset' });
      await evaluator.settled();
      // 5,001 rebuild steps, then one step per ExternalSecret.
      expect(turns).toBe(5001 + 2501);
      expect(evaluated.size).toBe(2501);
      expect(evaluated.has('late')).toBe(true);
    } finally {
      evaluator.close();
    }
  });

  it('evaluates a watch event in the next step of a full pass, not after it', async () => {
    const source = new FakeSource('big');
    const names = Array.from({ length: 300 }, (_, i) => `es-${i}`);
    source.reset({
      clusterSecretStores: [store],
      externalSecrets: names.map(name => externalSecret(name)),
      secrets: names.map(secret),
    });
    const steps: string[][] = [];
    let turns = 0;
    let passStarted = false;
    const evaluator = standalone(source, {
      onUpdate: u => steps.push(u.results.map(r => r.status.name)),
      stepBudgetMs: 0,
      turn: async () => {
        turns++;
        // Ten steps into the full pass, the last ExternalSecret changes.
        if (passStarted && turns === 10)
          source.upsert(
            'externalSecrets',
            externalSecret('es-299', { v: '2' }),
          );
        await new Promise(resolve => setImmediate(resolve));
      },
    });
    try {
      evaluator.apply({ type: 'reset' });
      await evaluator.settled();
      steps.length = 0;
      turns = 0;
      passStarted = true;
      evaluator.requestFull();
      await evaluator.settled();
      // Step 10 of the pass evaluates the changed one first, then goes on with es-9.
      expect(steps[9]).toEqual(['es-299', 'es-9']);
      expect(steps.flat()).toHaveLength(301);
    } finally {
      evaluator.close();
    }
  });

  it('follows clusters that appear and disappear', async () => {
    const a = new FakeSource('a');
    a.reset({
      clusterSecretStores: [store],
      externalSecrets: [externalSecret('in-a')],
    });
    const b = new FakeSource('b');
    b.reset({
      clusterSecretStores: [store],
      externalSecrets: [externalSecret('in-b')],
    });
    const { clusters, index } = run([a]);
    await evaluations!.settled();
    expect(namesIn(index)).toEqual(['in-a']);

    clusters.set([a, b]);
    await evaluations!.settled();
    expect(namesIn(index)).toEqual(['in-a', 'in-b']);

    clusters.set([b]);
    await evaluations!.settled();
    expect(namesIn(index)).toEqual(['in-b']);
    expect(index.find('a', 'shop', 'in-a')).toBeUndefined();
  });
});
