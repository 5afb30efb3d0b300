import { countHealth, worstHealth } from './health';

describe('worstHealth', () => {
  it.each([
    [[], 'healthy'],
    [['healthy'], 'healthy'],
    [['healthy', 'unknown'], 'unknown'],
    [['unknown', 'warning', 'healthy'], 'warning'],
    [['warning', 'error', 'unknown'], 'error'],
  ] as const)('%j → %s', (healths, worst) => {
    expect(worstHealth([...healths])).toBe(worst);
  });
});

describe('countHealth', () => {
  it('counts every health, zero when absent', () => {
    expect(countHealth(['healthy', 'error', 'healthy'])).toEqual({
      healthy: 2,
      warning: 0,
      error: 1,
      unknown: 0,
    });
    expect(countHealth([])).toEqual({
      healthy: 0,
      warning: 0,
      error: 0,
      unknown: 0,
    });
  });
});
