import { isRecord, records, str, stringMap } from './untrusted';

describe('untrusted guards', () => {
  it('isRecord accepts plain objects only', () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord([])).toBe(false);
    expect(isRecord(null)).toBe(false);
    expect(isRecord('x')).toBe(false);
  });

  it('str keeps non-empty strings', () => {
    expect(str('a')).toBe('a');
    expect(str('')).toBeUndefined();
    expect(str(1)).toBeUndefined();
  });

  it('records drops garbage items and non-arrays', () => {
    expect(records([{ a: 1 }, null, 'x', 3, [], { b: 2 }])).toEqual([
      { a: 1 },
      { b: 2 },
    ]);
    expect(records({ a: 1 })).toEqual([]);
    expect(records(undefined)).toEqual([]);
  });

  it('stringMap drops non-string values', () => {
    expect(stringMap({ a: 'x', b: 1, c: null, d: '' })).toEqual({
      a: 'x',
      d: '',
    });
    expect(stringMap('nope')).toEqual({});
  });
});
