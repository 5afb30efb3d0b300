import { parseTime } from './parseTime';

describe('parseTime', () => {
  it('parses ISO times with and without fractions and offsets', () => {
    expect(parseTime('2024-05-01T10:00:00Z')).toBe(Date.UTC(2024, 4, 1, 10));
    expect(parseTime('2024-05-01T10:00:00.250Z')).toBe(
      Date.UTC(2024, 4, 1, 10, 0, 0, 250),
    );
    expect(parseTime('2024-05-01T12:00:00+02:00')).toBe(
      Date.UTC(2024, 4, 1, 10),
    );
  });

  it.each([undefined, null, '', 'yesterday', 42, {}])(
    'returns undefined for %j',
    value => {
      expect(parseTime(value)).toBeUndefined();
    },
  );
});
