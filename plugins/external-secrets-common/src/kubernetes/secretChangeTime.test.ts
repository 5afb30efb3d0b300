import { esoWriteTime, secretChangeTime } from './secretChangeTime';
import { sha3_224 } from './sha3_224';

const secret = (managedFields: unknown[]) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'payments', managedFields },
});

describe('secretChangeTime', () => {
  it('takes the newest entry of the ES field manager, whatever the operation or subresource', () => {
    const s = secret([
      {
        manager: 'externalsecrets.external-secrets.io/payments-db',
        operation: 'Update',
        time: '2024-05-01T10:00:00Z',
      },
      {
        manager: 'externalsecrets.external-secrets.io/payments-db',
        operation: 'Apply',
        time: '2024-05-01T11:00:00Z',
      },
    ]);
    expect(secretChangeTime(s, 'payments-db')).toBe('2024-05-01T11:00:00Z');
  });

  it('ignores other managers even when newer', () => {
    const s = secret([
      {
        manager: 'externalsecrets.external-secrets.io/payments-db',
        time: '2024-05-01T10:00:00Z',
      },
      {
        manager: 'kubectl-edit',
        operation: 'Update',
        time: '2024-05-02T00:00:00Z',
      },
      { manager: 'kubectl-client-side-apply', time: '2024-05-02T00:00:00Z' },
      { manager: 'Reloader', time: '2024-05-02T00:00:00Z' },
      {
        manager: 'argocd-controller',
        operation: 'Apply',
        time: '2024-05-02T00:00:00Z',
      },
      // Another ExternalSecret merging into the same Secret.
      {
        manager: 'externalsecrets.external-secrets.io/other-es',
        time: '2024-05-02T00:00:00Z',
      },
      {
        manager: 'externalsecrets.external-secrets.io/sha3/deadbeef',
        time: '2024-05-02T00:00:00Z',
      },
    ]);
    expect(secretChangeTime(s, 'payments-db')).toBe('2024-05-01T10:00:00Z');
  });

  it('matches the sha3 manager of a long ES name', () => {
    const name = 'a-very-long-external-secret-name-for-the-payments-api';
    const s = secret([
      {
        manager: `externalsecrets.external-secrets.io/sha3/${sha3_224(name)}`,
        time: '2024-05-01T12:00:00Z',
      },
      { manager: 'kubectl', time: '2024-05-03T00:00:00Z' },
    ]);
    expect(secretChangeTime(s, name)).toBe('2024-05-01T12:00:00Z');
  });

  it('never attributes a hashed manager to a short name (ESO hashes only names over 27 characters)', () => {
    const name = 'a'.repeat(27); // "externalsecrets.external-secrets.io/" + 27 = 63 characters
    const s = secret([
      {
        manager: `externalsecrets.external-secrets.io/sha3/${sha3_224(name)}`,
        time: '2024-05-01T12:00:00Z',
      },
    ]);
    expect(secretChangeTime(s, name)).toBeNull();
    const longer = `${name}a`;
    const t = secret([
      {
        manager: `externalsecrets.external-secrets.io/sha3/${sha3_224(longer)}`,
        time: '2024-05-01T12:00:00Z',
      },
    ]);
    expect(secretChangeTime(t, longer)).toBe('2024-05-01T12:00:00Z');
  });

  it('counts the legacy external-secrets manager', () => {
    const s = secret([
      { manager: 'external-secrets', time: '2023-01-01T00:00:00Z' },
    ]);
    expect(secretChangeTime(s, 'payments-db')).toBe('2023-01-01T00:00:00Z');
  });

  it.each([
    ['tracked newer', '2024-05-01T12:00:00Z', '2024-05-01T12:00:00Z'],
    // ESO rewrote the Secret later without a new data-hash (e.g. a copied force-sync annotation).
    ['tracked older', '2024-05-01T09:00:00Z', '2024-05-01T09:00:00Z'],
    ['tracked invalid', 'not-a-time', '2024-05-01T10:00:00Z'],
    ['tracked null', null, '2024-05-01T10:00:00Z'],
  ])('prefers the tracked data change: %s', (_label, observed, expected) => {
    const s = secret([
      {
        manager: 'externalsecrets.external-secrets.io/payments-db',
        time: '2024-05-01T10:00:00Z',
      },
    ]);
    expect(secretChangeTime(s, 'payments-db', observed)).toBe(expected);
  });

  it('tells when any ExternalSecret last wrote the Secret', () => {
    const s = secret([
      { manager: 'kubectl', time: '2024-05-01T13:00:00Z' },
      {
        manager: 'externalsecrets.external-secrets.io/a',
        time: '2024-05-01T10:00:00Z',
      },
      { manager: 'external-secrets', time: '2024-05-01T11:00:00Z' },
    ]);
    expect(esoWriteTime(s)).toBe('2024-05-01T11:00:00Z');
    expect(esoWriteTime(secret([]))).toBeNull();
  });

  it('uses the tracked change alone when there are no managedFields', () => {
    expect(secretChangeTime(secret([]), 'x', '2024-05-01T12:00:00Z')).toBe(
      '2024-05-01T12:00:00Z',
    );
  });

  it.each([undefined, null, 'garbage', { metadata: { managedFields: 'x' } }])(
    'returns null without evidence: %j',
    value => {
      expect(secretChangeTime(value, 'payments-db')).toBeNull();
    },
  );

  it('skips malformed entries', () => {
    const s = secret([
      null,
      { manager: 'externalsecrets.external-secrets.io/payments-db' },
      {
        manager: 'externalsecrets.external-secrets.io/payments-db',
        time: 'garbage',
      },
      { time: '2024-05-05T00:00:00Z' },
    ]);
    expect(secretChangeTime(s, 'payments-db')).toBeNull();
  });
});
