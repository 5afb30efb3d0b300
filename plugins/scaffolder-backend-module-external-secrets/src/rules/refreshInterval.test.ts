import { checkRefreshInterval } from './refreshInterval';

describe('checkRefreshInterval', () => {
  it.each(['1m', '60s', '1h', '1h30m', '1.5h', '2m0s', '24h'])(
    'accepts %s',
    value => {
      expect(checkRefreshInterval(value, 'Periodic')).toBeUndefined();
    },
  );

  it('refuses just under 1m and a disabled refresh, unless allowed', () => {
    expect(checkRefreshInterval('59s', 'Periodic')).toBe(
      '"59s" is shorter than 1m: each refresh calls the provider, so use 1m or more, or allow it explicitly',
    );
    expect(checkRefreshInterval('0', undefined)).toMatch(
      /turns periodic refresh off/,
    );
    expect(checkRefreshInterval('0s', 'Periodic')).toMatch(
      /rotations are never picked up/,
    );
    expect(
      checkRefreshInterval('59s', 'Periodic', {
        allowShortRefreshInterval: true,
      }),
    ).toBeUndefined();
    expect(
      checkRefreshInterval('0s', 'Periodic', {
        allowShortRefreshInterval: true,
      }),
    ).toBeUndefined();
  });

  it('does not bound the interval of policies that ignore it', () => {
    expect(checkRefreshInterval('0s', 'CreatedOnce')).toBeUndefined();
    expect(checkRefreshInterval('10s', 'OnChange')).toBeUndefined();
  });

  it('refuses what is not a Go duration, a negative one, and none', () => {
    expect(checkRefreshInterval('hourly', 'Periodic')).toBe(
      '"hourly" is not a Go duration such as 1h, 15m or 1h30m',
    );
    expect(checkRefreshInterval(3600, 'Periodic')).toMatch(/not a Go duration/);
    expect(
      checkRefreshInterval('-1h', 'Periodic', {
        allowShortRefreshInterval: true,
      }),
    ).toBe('"-1h" is negative');
    expect(checkRefreshInterval(undefined, 'Periodic')).toMatch(/is missing/);
  });
});
