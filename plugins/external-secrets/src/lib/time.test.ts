import {
  dataAge,
  formatAge,
  formatExact,
  formatInterval,
  formatRelative,
  minutesSince,
} from './time';

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

describe('minutesSince / formatAge', () => {
  it('counts whole minutes, never negative', () => {
    expect(minutesSince('2026-03-01T11:47:30Z', now)).toBe(12);
    expect(minutesSince('2026-03-01T12:05:00Z', now)).toBe(0);
    expect(minutesSince(null, now)).toBeNull();
  });

  it('formats ages in the largest sensible unit', () => {
    expect(formatAge(0)).toBe('less than a minute');
    expect(formatAge(1)).toBe('1 minute');
    expect(formatAge(12)).toBe('12 minutes');
    expect(formatAge(180)).toBe('3 hours');
    expect(formatAge(60 * 72)).toBe('3 days');
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

describe('dataAge', () => {
  it('says how old the last data is, or that there is none', () => {
    expect(dataAge('2026-03-01T11:48:00Z', now)).toBe('data is 12 minutes old');
    expect(dataAge(null, now)).toBe('no data has been loaded yet');
  });
});
