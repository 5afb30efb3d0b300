import { ExponentialBackoff } from './ExponentialBackoff';

describe('ExponentialBackoff', () => {
  it('doubles up to the maximum and starts over after reset', () => {
    const backoff = new ExponentialBackoff(1000, 30_000, 0);
    expect([1, 2, 3, 4, 5, 6, 7].map(() => backoff.next())).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
    backoff.reset();
    expect(backoff.next()).toBe(1000);
  });

  it('adds jitter on top of the delay', () => {
    const backoff = new ExponentialBackoff(1000, 30_000, 0.2, () => 0.5);
    expect(backoff.next()).toBe(1100);
  });
});
