import { describeDataAge, formatAge } from './describeDataAge';

describe('formatAge', () => {
  it.each([
    [0, 'less than a minute'],
    [59, 'less than a minute'],
    [60, '1 minute'],
    [119 * 60, '119 minutes'],
    [5 * 3600, '5 hours'],
    [47 * 3600, '47 hours'],
    [72 * 3600, '3 days'],
  ])('%s s is %s', (seconds, expected) => {
    expect(formatAge(seconds)).toBe(expected);
  });
});

describe('describeDataAge', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('takes epoch ms or an ISO time', () => {
    expect(describeDataAge(now - 12 * 60_000, now)).toBe(
      'data is 12 minutes old',
    );
    expect(describeDataAge('2026-03-01T11:48:00Z', now)).toBe(
      'data is 12 minutes old',
    );
  });

  it('says when nothing was ever loaded, or the time does not parse', () => {
    expect(describeDataAge(null, now)).toBe('no data has been loaded yet');
    expect(describeDataAge(undefined, now)).toBe('no data has been loaded yet');
    expect(describeDataAge('yesterday', now)).toBe(
      'no data has been loaded yet',
    );
  });

  it('treats a time ahead of now (clock skew) as fresh', () => {
    expect(describeDataAge(now + 60_000, now)).toBe(
      'data is less than a minute old',
    );
  });
});
