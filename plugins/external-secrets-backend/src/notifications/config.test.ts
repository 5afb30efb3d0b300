import { ConfigReader } from '@backstage/config';
import { DEFAULT_NOTIFICATIONS, readNotificationsConfig } from './config';

const read = (notifications: object) =>
  readNotificationsConfig(new ConfigReader({ notifications }));

describe('readNotificationsConfig', () => {
  it('is off without the block, and keeps the defaults for what is left out', () => {
    expect(readNotificationsConfig(undefined)).toEqual(DEFAULT_NOTIFICATIONS);
    expect(read({ enabled: true })).toEqual({
      ...DEFAULT_NOTIFICATIONS,
      enabled: true,
    });
  });

  it('reads severities, rule overrides, the rate limit and the link base', () => {
    const config = read({
      enabled: true,
      severities: { warning: { after: '2h' }, info: { enabled: true } },
      rules: {
        'stale-env': { enabled: false },
        'sync-overdue': { after: { minutes: 5 } },
      },
      rateLimit: { minInterval: '10m', maxPerRun: 5 },
      linkBase: 'https://backstage.example.com/',
    });
    expect(config.severities).toEqual({
      error: { enabled: true, afterMs: 0 },
      warning: { enabled: true, afterMs: 2 * 3_600_000 },
      info: { enabled: true, afterMs: 0 },
    });
    expect(config.rules).toEqual({
      'stale-env': { enabled: false },
      'sync-overdue': { afterMs: 5 * 60_000 },
    });
    expect(config.minIntervalMs).toBe(10 * 60_000);
    expect(config.maxPerRun).toBe(5);
    expect(config.linkBase).toBe('https://backstage.example.com');
  });

  it('refuses an unknown rule id and a rate limit that would send nothing', () => {
    expect(() =>
      read({ rules: { 'sync-failure': { enabled: false } } }),
    ).toThrow(
      /notifications\.rules\.sync-failure: no such rule; the rules are sync-failed, /,
    );
    expect(() => read({ rateLimit: { maxPerRun: 0 } })).toThrow(
      /maxPerRun must be a whole number of at least 1, got 0/,
    );
  });
});
