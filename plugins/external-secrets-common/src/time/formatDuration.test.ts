import { formatDuration } from './formatDuration';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [0.5, '500ms'],
    [45, '45s'],
    [60, '1m'],
    [90, '1m30s'],
    [900, '15m'],
    [3600, '1h'],
    [3660, '1h1m'],
    [3601, '1h'],
    [5400, '1h30m'],
    [86400, '1d'],
    [97200, '1d3h'],
    [-120, '-2m'],
    [Number.NaN, 'unknown'],
  ])('formats %d seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
