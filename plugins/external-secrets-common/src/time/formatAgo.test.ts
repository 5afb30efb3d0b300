import { formatAgo, secondsSince } from './formatAgo';

const now = Date.parse('2026-11-23T12:00:00Z');

describe('secondsSince', () => {
  it('is the age in seconds, clamped at zero for a time ahead of now', () => {
    expect(secondsSince(now - 90_000, now)).toBe(90);
    expect(secondsSince(now + 6, now)).toBe(0);
    expect(secondsSince(now + 3_600_000, now)).toBe(0);
  });
});

describe('formatAgo', () => {
  it.each([
    ['2026-11-23T11:59:00Z', '1m ago'],
    ['2026-11-23T09:00:00Z', '3h ago'],
    ['2026-11-23T11:59:59.500Z', 'just now'],
    // Clock skew: a refresh stamped 6 ms after this host's now is not "-6ms ago".
    ['2026-11-23T12:00:00.006Z', 'just now'],
    ['2026-11-23T12:05:00Z', 'just now'],
    [undefined, ''],
    ['garbage', ''],
  ])('%s reads as "%s"', (time, text) => {
    expect(formatAgo(time, now)).toBe(text);
  });

  it('says what it is told for a missing or unreadable time (the CLI: never, unknown)', () => {
    const words = { missing: 'never', invalid: 'unknown' };
    expect(formatAgo(null, now, words)).toBe('never');
    expect(formatAgo('', now, words)).toBe('never');
    expect(formatAgo('garbage', now, words)).toBe('unknown');
    expect(formatAgo('2026-11-23T11:59:00Z', now, words)).toBe('1m ago');
  });
});
