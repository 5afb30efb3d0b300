import { readExternalSecret } from './readExternalSecret';

const v1 = {
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: {
    name: 'payments-db',
    namespace: 'payments',
    uid: 'uid-1',
    creationTimestamp: '2024-05-01T09:00:00Z',
    labels: { 'backstage.io/kubernetes-id': 'payments' },
    ownerReferences: [
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterExternalSecret',
        name: 'shared-db',
      },
    ],
  },
  spec: {
    refreshInterval: '15m',
    refreshPolicy: 'OnChange',
    secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws' },
    target: { name: 'db-credentials', creationPolicy: 'Merge' },
    data: [
      {
        secretKey: 'user',
        remoteRef: { key: 'prod/payments/db', property: 'user' },
      },
      {
        secretKey: 'pass',
        remoteRef: { key: 'prod/payments/db', property: 'pass' },
      },
      {
        secretKey: 'other',
        remoteRef: { key: 'other-store-key' },
        sourceRef: { storeRef: { name: 'vault', kind: 'SecretStore' } },
      },
    ],
    dataFrom: [
      { extract: { key: 'prod/payments/extra' } },
      { find: { name: { regexp: '^prod/.*' } } },
      { sourceRef: { generatorRef: { kind: 'Password', name: 'pw' } } },
    ],
  },
  status: {
    refreshTime: '2024-05-01T10:00:00Z',
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

describe('readExternalSecret', () => {
  it('reads a full v1 ExternalSecret', () => {
    expect(readExternalSecret(v1)).toEqual({
      name: 'payments-db',
      namespace: 'payments',
      apiVersion: 'external-secrets.io/v1',
      uid: 'uid-1',
      labels: { 'backstage.io/kubernetes-id': 'payments' },
      creationTimestamp: '2024-05-01T09:00:00Z',
      storeRef: { kind: 'ClusterSecretStore', name: 'aws' },
      targetName: 'db-credentials',
      targetManifest: null,
      creationPolicy: 'Merge',
      refreshInterval: 900,
      refreshPolicy: 'OnChange',
      hasSyncWindows: false,
      refreshTime: '2024-05-01T10:00:00Z',
      ready: {
        status: 'True',
        reason: 'SecretSynced',
        message: 'secret synced',
        lastTransitionTime: null,
      },
      remoteKeys: ['prod/payments/db', 'prod/payments/extra'],
      clusterExternalSecret: 'shared-db',
    });
  });

  it('applies ESO defaults to a minimal v1beta1 ExternalSecret', () => {
    const view = readExternalSecret({
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ExternalSecret',
      metadata: { name: 'api', namespace: 'shop' },
      spec: { secretStoreRef: { name: 'aws' } },
    });
    expect(view).toMatchObject({
      apiVersion: 'external-secrets.io/v1beta1',
      storeRef: { kind: 'SecretStore', name: 'aws' },
      targetName: 'api',
      creationPolicy: 'Owner',
      refreshInterval: 3600,
      refreshPolicy: 'Periodic',
      hasSyncWindows: false,
      refreshTime: null,
      ready: null,
      remoteKeys: [],
      clusterExternalSecret: null,
      creationTimestamp: null,
      uid: null,
      labels: {},
    });
  });

  it.each([
    ['0s', 0],
    ['0', 0],
    ['1h0m0s', 3600],
    ['-5m', 0],
    ['1d', null],
    ['', null],
    [60, null],
  ])('reads refreshInterval %j as %j', (refreshInterval, seconds) => {
    const view = readExternalSecret({
      ...v1,
      spec: { ...v1.spec, refreshInterval },
    });
    expect(view?.refreshInterval).toBe(seconds);
  });

  it('treats a null refreshInterval as the CRD default', () => {
    const view = readExternalSecret({
      ...v1,
      spec: { ...v1.spec, refreshInterval: null },
    });
    expect(view?.refreshInterval).toBe(3600);
  });

  it('detects sync windows in either shape', () => {
    const withWindows = (syncWindows: unknown) =>
      readExternalSecret({ ...v1, spec: { ...v1.spec, syncWindows } })
        ?.hasSyncWindows;
    expect(
      withWindows([{ kind: 'deny', schedule: '0 9 * * 1-5', duration: '8h' }]),
    ).toBe(true);
    expect(
      withWindows({
        kind: 'deny',
        windows: [{ schedule: '0 9 * * *', duration: '1h' }],
      }),
    ).toBe(true);
    expect(withWindows({ windows: [] })).toBe(false);
    expect(withWindows([])).toBe(false);
    expect(withWindows(null)).toBe(false);
  });

  it('reads a non-Secret target', () => {
    const view = readExternalSecret({
      ...v1,
      spec: {
        ...v1.spec,
        target: { manifest: { apiVersion: 'v1', kind: 'ConfigMap' } },
      },
    });
    expect(view?.targetName).toBeNull();
    expect(view?.targetManifest).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
    });
  });

  it('keeps an unknown store kind visible', () => {
    const view = readExternalSecret({
      ...v1,
      spec: { ...v1.spec, secretStoreRef: { kind: 'Vault', name: 'x' } },
    });
    expect(view?.storeRef).toEqual({
      kind: 'SecretStore',
      name: 'x',
      invalidKind: 'Vault',
    });
  });

  it('has no store ref for generator-only ExternalSecrets', () => {
    const view = readExternalSecret({
      ...v1,
      spec: {
        dataFrom: [
          { sourceRef: { generatorRef: { kind: 'Password', name: 'pw' } } },
        ],
      },
    });
    expect(view?.storeRef).toBeNull();
    expect(view?.remoteKeys).toEqual([]);
  });

  it('falls back to Periodic for an unknown refresh policy', () => {
    const view = readExternalSecret({
      ...v1,
      spec: { ...v1.spec, refreshPolicy: 'Sometimes' },
    });
    expect(view?.refreshPolicy).toBe('Periodic');
  });

  it.each([
    ['null', null],
    ['a string', 'ExternalSecret'],
    ['no metadata', { kind: 'ExternalSecret' }],
    ['no name', { ...v1, metadata: { namespace: 'x' } }],
    ['no namespace', { ...v1, metadata: { name: 'x' } }],
    ['another kind', { ...v1, kind: 'SecretStore' }],
    ['another version', { ...v1, apiVersion: 'external-secrets.io/v1alpha1' }],
    ['another group', { ...v1, apiVersion: 'example.com/v1' }],
  ])('skips %s', (_label, object) => {
    expect(readExternalSecret(object)).toBeUndefined();
  });

  it('survives garbage in nested fields', () => {
    const view = readExternalSecret({
      ...v1,
      spec: {
        secretStoreRef: 'aws',
        target: 7,
        data: [null, 'x', { remoteRef: null }, { remoteRef: { key: 12 } }],
        dataFrom: 'nope',
      },
      status: 'broken',
      metadata: {
        ...v1.metadata,
        labels: ['a'],
        ownerReferences: [null, { kind: 'Foo' }],
      },
    });
    expect(view).toMatchObject({
      storeRef: null,
      targetName: 'payments-db',
      remoteKeys: [],
      refreshTime: null,
      ready: null,
      labels: {},
      clusterExternalSecret: null,
    });
  });
});
