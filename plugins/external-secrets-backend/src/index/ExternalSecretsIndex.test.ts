import { mockServices } from '@backstage/backend-test-utils';
import {
  ClusterObjects,
  DEFAULT_THRESHOLDS,
  emptyClusterObjects,
  KubeObject,
} from '@eso-health/plugin-external-secrets-common';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { ClusterSet, ClusterSource } from '../sources/types';
import { ExternalSecretsIndex } from './ExternalSecretsIndex';

class FakeSource implements ClusterSource {
  private listener?: () => void;
  current: ClusterObjects = emptyClusterObjects();
  constructor(readonly name: string) {}
  async start() {}
  async stop() {}
  objects() {
    return this.current;
  }
  state() {
    return { name: this.name, status: 'ok' as const, lastUpdated: null };
  }
  onChange(listener: () => void) {
    this.listener = listener;
    return () => {
      this.listener = undefined;
    };
  }
  async annotate() {}
  change(objects: Partial<ClusterObjects>) {
    this.current = { ...emptyClusterObjects(), ...objects };
    this.listener?.();
  }
}

function externalSecret(
  name: string,
  refreshTime: string,
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: {
      name,
      namespace: 'shop',
      labels,
      creationTimestamp: '2026-01-01T00:00:00Z',
    },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws' },
      target: { creationPolicy: 'None' },
    },
    status: {
      refreshTime,
      conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced' }],
    },
  };
}

const store: KubeObject = {
  apiVersion: 'external-secrets.io/v1',
  kind: 'ClusterSecretStore',
  metadata: { name: 'aws' },
  spec: { provider: { aws: { region: 'eu-west-1' } } },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
};

describe('ExternalSecretsIndex', () => {
  afterEach(() => jest.useRealTimers());

  it('evaluates on start, coalesces bursts of changes, and indexes by kubernetes-id', () => {
    jest.useFakeTimers({ now: new Date('2026-11-23T12:00:00Z') });
    const source = new FakeSource('a');
    source.current = {
      ...emptyClusterObjects(),
      clusterSecretStores: [store],
      externalSecrets: [
        externalSecret('one', '2026-11-23T11:50:00Z', {
          'backstage.io/kubernetes-id': 'shop',
        }),
      ],
    };
    const index = new ExternalSecretsIndex({
      clusters: new ClusterRegistry({
        staticSources: [source],
        logger: mockServices.logger.mock(),
      }),
      providers: [],
      thresholds: DEFAULT_THRESHOLDS,
      logger: mockServices.logger.mock(),
    });
    index.start();
    expect(index.withKubernetesId('shop').map(e => e.status.name)).toEqual([
      'one',
    ]);
    const version = index.getVersion();

    source.change({
      clusterSecretStores: [store],
      externalSecrets: [externalSecret('two', '2026-11-23T11:50:00Z')],
    });
    source.change({
      clusterSecretStores: [store],
      externalSecrets: [externalSecret('three', '2026-11-23T11:50:00Z')],
    });
    expect(index.getVersion()).toBe(version);
    jest.advanceTimersByTime(300);
    expect(index.getVersion()).toBe(version + 1);
    expect(index.all().map(e => e.status.name)).toEqual(['three']);
    expect(index.withKubernetesId('shop')).toEqual([]);
    index.stop();
  });

  it('follows clusters that appear and disappear', () => {
    jest.useFakeTimers({ now: new Date('2026-11-23T12:00:00Z') });
    const a = new FakeSource('a');
    a.current = {
      ...emptyClusterObjects(),
      externalSecrets: [externalSecret('in-a', '2026-11-23T11:50:00Z')],
    };
    const b = new FakeSource('b');
    b.current = {
      ...emptyClusterObjects(),
      externalSecrets: [externalSecret('in-b', '2026-11-23T11:50:00Z')],
    };
    let current: ClusterSource[] = [a];
    const listeners: Array<() => void> = [];
    const clusters: ClusterSet = {
      list: () => current,
      get: name => current.find(c => c.name === name),
      onChange: listener => {
        listeners.push(listener);
        return () => undefined;
      },
    };
    const index = new ExternalSecretsIndex({
      clusters,
      providers: [],
      thresholds: DEFAULT_THRESHOLDS,
      logger: mockServices.logger.mock(),
    });
    index.start();
    expect(index.all().map(e => e.status.name)).toEqual(['in-a']);

    current = [a, b];
    listeners.forEach(l => l());
    jest.advanceTimersByTime(300);
    expect(index.all().map(e => e.status.name)).toEqual(['in-a', 'in-b']);
    expect(index.clusterStates().map(c => c.name)).toEqual(['a', 'b']);

    current = [b];
    listeners.forEach(l => l());
    expect(index.all().map(e => e.status.name)).toEqual(['in-b']);
    expect(index.find('a', 'shop', 'in-a')).toBeUndefined();
    a.change({});
    jest.advanceTimersByTime(300);
    expect(index.all().map(e => e.status.name)).toEqual(['in-b']);
    index.stop();
  });
});
