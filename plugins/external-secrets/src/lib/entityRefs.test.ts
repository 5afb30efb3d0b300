import { toEntityRef, toFullEntityRef } from './entityRefs';

describe('toEntityRef', () => {
  it('fills in the default kind and namespace of short refs', () => {
    expect(toEntityRef('team-ledger', 'group')).toEqual({
      kind: 'group',
      namespace: 'default',
      name: 'team-ledger',
    });
    expect(toFullEntityRef('ops/team-ledger', 'group')).toBe(
      'group:ops/team-ledger',
    );
    expect(toFullEntityRef('user:default/jane', 'group')).toBe(
      'user:default/jane',
    );
  });

  it('returns undefined for refs that cannot be parsed', () => {
    expect(toEntityRef(undefined, 'group')).toBeUndefined();
    expect(toEntityRef('', 'group')).toBeUndefined();
    expect(toEntityRef('  ', 'group')).toBeUndefined();
    expect(toEntityRef('group:', 'group')).toBeUndefined();
    expect(toEntityRef(42, 'group')).toBeUndefined();
  });
});
