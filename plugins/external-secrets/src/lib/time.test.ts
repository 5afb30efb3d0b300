import { formatExact, formatInterval, formatRelative } from './time';

const now = new Date('2026-03-01T12:00:00Z');

describe('formatRelative', () => {
  it('says how long ago, relative to the given now', () => {
    expect(formatRelative('2026-03-01T11:57:00Z', now)).toBe('3 minutes ago');
    expect(formatRelative('2026-03-01T10:00:00Z', now)).toBe('2 hours ago');
  });

  it('never shows a time ahead of now as a future or negative age (clock skew)', () => {
    expect(formatRelative('2026-03-01T12:00:00.006Z', now)).toBe('just now');
    expect(formatRelative('2026-03-01T13:00:00Z', now)).toBe('just now');
  });

  it('rounds small skews to "just now" and handles missing or bad input', () => {
    expect(formatRelative('2026-03-01T12:00:10Z', now)).toBe('just now');
    expect(formatRelative(null, now)).toBe('never');
    expect(formatRelative('not a date', now)).toBe('unknown');
  });
});

describe('formatExact', () => {
  it('prints a full timestamp and falls back gracefully', () => {
    expect(formatExact('2026-03-01T11:57:00Z')).toMatch(
      /^2026-03-01 \d\d:57:00 /,
    );
    expect(formatExact(null)).toBe('Never');
    expect(formatExact('garbage')).toBe('garbage');
  });
});

describe('formatInterval', () => {
  it.each([
    [3600, '1h'],
    [900, '15m'],
    [5400, '1h30m'],
    [45, '45s'],
    [86400, '1d'],
    [0, 'once'],
    [null, 'unknown'],
  ])('%p → %p', (seconds, expected) => {
    expect(formatInterval(seconds)).toBe(expected);
  });
});
