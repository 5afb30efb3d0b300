import { ClusterModel } from './ClusterModel';
import { ClusterObjects, KubeObject } from '../types/kubernetes';
import { ProviderMetadata, ProviderSecretMetadata } from '../types/provider';
import { emptyClusterObjects } from '../dumps/collectClusterObjects';
import {
  providerAheadCandidates,
  readProviderSecrets,
} from './providerAheadCandidates';

const SYNCED = '2024-05-01T10:00:00Z';
const SCOPE = 'aws/eu-west-1';

function objects(partial: Partial<ClusterObjects>): ClusterModel {
  return new ClusterModel({ ...emptyClusterObjects(), ...partial });
}

function externalSecret(
  name: string,
  key: string,
  refreshTime?: string,
): KubeObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace: 'payments' },
    spec: {
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws' },
      target: { name },
      data: [{ secretKey: 'v', remoteRef: { key } }],
    },
    status: refreshTime ? { refreshTime } : {},
  };
}

const store: KubeObject = {
  apiVersion: 'external-secrets.io/v1',
  kind: 'ClusterSecretStore',
  metadata: { name: 'aws' },
  spec: {
    provider: { aws: { service: 'SecretsManager', region: 'eu-west-1' } },
  },
};

function remote(
  name: string,
  lastChangedDate: string,
  extra: Partial<ProviderSecretMetadata> = {},
): ProviderSecretMetadata {
  return {
    provider: 'aws',
    region: 'eu-west-1',
    name,
    arn: `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${name}-AbCdEf`,
    lastChangedDate,
    ...extra,
  };
}

describe('providerAheadCandidates', () => {
  const secrets = [
    remote('changed-after-sync', '2024-05-01T11:00:00Z'),
    remote('changed-before-sync', '2024-05-01T09:00:00Z'),
    remote('already-confirmed', '2024-05-01T11:00:00Z', {
      currentVersionCreatedDate: '2024-05-01T09:00:00Z',
    }),
    remote('pending-deletion', '2024-05-01T11:00:00Z', {
      deletedDate: '2024-05-01T11:00:00Z',
    }),
    remote('never-synced', '2024-05-01T11:00:00Z'),
    remote('unreferenced', '2024-05-01T11:00:00Z'),
  ];
  const provider: ProviderMetadata = {
    'aws/eu-west-1': {
      provider: 'aws',
      region: 'eu-west-1',
      refreshedAt: '2024-05-01T12:00:00Z',
      secrets,
    },
  };

  it('picks only referenced, synced, unconfirmed secrets changed after the last sync', () => {
    const cluster = objects({
      clusterSecretStores: [store],
      externalSecrets: [
        externalSecret('a', 'changed-after-sync', SYNCED),
        externalSecret('b', 'changed-before-sync', SYNCED),
        externalSecret('c', 'already-confirmed', SYNCED),
        externalSecret('d', 'pending-deletion', SYNCED),
        externalSecret('e', 'never-synced'),
        externalSecret('f', 'absent-key', SYNCED),
      ],
    });
    expect(
      providerAheadCandidates([cluster], provider, SCOPE).map(s => s.name),
    ).toEqual(['changed-after-sync']);
  });

  it('lists every secret an ExternalSecret reads, synced or not, once (readProviderSecrets)', () => {
    const cluster = objects({
      clusterSecretStores: [store],
      externalSecrets: [
        externalSecret('a', 'changed-after-sync', SYNCED),
        externalSecret('a2', 'changed-after-sync', SYNCED),
        externalSecret('b', 'changed-before-sync', SYNCED),
        externalSecret('e', 'never-synced'),
        externalSecret('f', 'absent-key', SYNCED),
      ],
    });
    expect(
      readProviderSecrets([cluster, cluster], provider, SCOPE)
        .map(s => s.name)
        .sort(),
    ).toEqual(['changed-after-sync', 'changed-before-sync', 'never-synced']);
  });

  it('returns a secret read by several ExternalSecrets and clusters once', () => {
    const cluster = objects({
      clusterSecretStores: [store],
      externalSecrets: [
        externalSecret('a', 'changed-after-sync', SYNCED),
        externalSecret('b', 'changed-after-sync', SYNCED),
      ],
    });
    expect(
      providerAheadCandidates([cluster, cluster], provider, SCOPE),
    ).toHaveLength(1);
  });

  it('ignores ExternalSecrets of stores without AWS metadata', () => {
    const cluster = objects({
      externalSecrets: [externalSecret('a', 'changed-after-sync', SYNCED)],
    });
    expect(providerAheadCandidates([cluster], provider, SCOPE)).toEqual([]);
  });

  it('returns only secrets of the scope being refreshed, though stores of others are resolved', () => {
    const usStore: KubeObject = {
      ...store,
      metadata: { name: 'aws-us' },
      spec: {
        provider: { aws: { service: 'SecretsManager', region: 'us-east-1' } },
      },
    };
    const usSecret = remote('us-changed', '2024-05-01T11:00:00Z', {
      region: 'us-east-1',
      arn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:us-changed-AbCdEf',
    });
    const twoScopes: ProviderMetadata = {
      ...provider,
      'aws/us-east-1': {
        provider: 'aws',
        region: 'us-east-1',
        refreshedAt: '2024-05-01T12:00:00Z',
        secrets: [usSecret],
      },
    };
    const usReader = externalSecret('u', 'us-changed', SYNCED);
    (usReader.spec as any).secretStoreRef.name = 'aws-us';
    const cluster = objects({
      clusterSecretStores: [store, usStore],
      externalSecrets: [
        externalSecret('a', 'changed-after-sync', SYNCED),
        usReader,
      ],
    });
    expect(
      providerAheadCandidates([cluster], twoScopes, SCOPE).map(s => s.name),
    ).toEqual(['changed-after-sync']);
    expect(
      providerAheadCandidates([cluster], twoScopes, 'aws/us-east-1').map(
        s => s.name,
      ),
    ).toEqual(['us-changed']);
    expect(
      providerAheadCandidates([cluster], twoScopes, 'aws/eu-central-1'),
    ).toEqual([]);
  });
});
