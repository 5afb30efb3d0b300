import { esoWriteTime, secretChangeTime } from './secretChangeTime';
import { sha3_224 } from './sha3_224';

const secret = (managedFields: unknown[]) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'payments', managedFields },
});

/** A managedFields entry of `manager`, written at `time`. */
const field = (manager: string, time: string, operation?: string) => ({
  manager,
  time,
  ...(operation ? { operation } : {}),
});
/** The field manager ESO writes a Secret with for the ExternalSecret `name` (short names). */
const eso = (name: string) => `externalsecrets.external-secrets.io/${name}`;

describe('secretChangeTime', () => {
  it('takes the newest entry of the ES field manager, whatever the operation or subresource', () => {
    const s = secret([
      field(eso('payments-db'), '2024-05-01T10:00:00Z', 'Update'),
      field(eso('payments-db'), '2024-05-01T11:00:00Z', 'Apply'),
    ]);
    expect(secretChangeTime(s, 'payments-db')).toBe('2024-05-01T11:00:00Z');
  });

  it('ignores other managers even when newer', () => {
    const newer = '2024-05-02T00:00:00Z';
    const s = secret([
      field(eso('payments-db'), '2024-05-01T10:00:00Z'),
      field('kubectl-edit', newer, 'Update'),
      field('kubectl-client-side-apply', newer),
      field('Reloader', newer),
      field('argocd-controller', newer, 'Apply'),
      // Another ExternalSecret merging into the same Secret.
      field(eso('other-es'), newer),
      field(eso('sha3/deadbeef'), newer),
    ]);
    expect(secretChangeTime(s, 'payments-db')).toBe('2024-05-01T10:00:00Z');
  });

  it('matches the sha3 manager of a long ES name', () => {
    const name = 'a-very-long-external-secret-name-for-the-payments-api';
    const s = secret([
      field(eso(`sha3/${sha3_224(name)}`), '2024-05-01T12:00:00Z'),
      field('kubectl', '2024-05-03T00:00:00Z'),
    ]);
    expect(secretChangeTime(s, name)).toBe('2024-05-01T12:00:00Z');
  });

  it('never attributes a hashed manager to a short name (ESO hashes only names over 27 characters)', () => {
    const name = 'a'.repeat(27); // "externalsecrets.external-secrets.io/" + 27 = 63 characters
    const s = secret([
      field(eso(`sha3/${sha3_224(name)}`), '2024-05-01T12:00:00Z'),
    ]);
    expect(secretChangeTime(s, name)).toBeNull();
    const longer = `${name}a`;
    const t = secret([
      field(eso(`sha3/${sha3_224(longer)}`), '2024-05-01T12:00:00Z'),
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
    const s = secret([field(eso('payments-db'), '2024-05-01T10:00:00Z')]);
    expect(secretChangeTime(s, 'payments-db', observed)).toBe(expected);
  });

  it('tells when any ExternalSecret last wrote the Secret', () => {
    const s = secret([
      field('kubectl', '2024-05-01T13:00:00Z'),
      field(eso('a'), '2024-05-01T10:00:00Z'),
      field('external-secrets', '2024-05-01T11:00:00Z'),
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
      { manager: eso('payments-db') },
      field(eso('payments-db'), 'garbage'),
      { time: '2024-05-05T00:00:00Z' },
    ]);
    expect(secretChangeTime(s, 'payments-db')).toBeNull();
  });
});
