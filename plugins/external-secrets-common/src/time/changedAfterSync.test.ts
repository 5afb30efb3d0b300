import { changedAfterSync } from './changedAfterSync';

describe('changedAfterSync', () => {
  it('does not count a change inside the whole second a sync was recorded in', () => {
    const at = (iso: string) => Date.parse(iso);
    expect(
      changedAfterSync(at('2026-12-04T17:58:35.048Z'), '2026-12-04T17:58:35Z'),
    ).toBe(false);
    expect(
      changedAfterSync(at('2026-12-04T17:58:35.999Z'), '2026-12-04T17:58:35Z'),
    ).toBe(false);
    expect(
      changedAfterSync(at('2026-12-04T17:58:36Z'), '2026-12-04T17:58:35Z'),
    ).toBe(true);
    expect(
      changedAfterSync(at('2026-12-04T17:58:34Z'), '2026-12-04T17:58:35Z'),
    ).toBe(false);
  });

  it('compares exactly when the sync time has a fraction', () => {
    const at = (iso: string) => Date.parse(iso);
    expect(
      changedAfterSync(
        at('2026-12-04T17:58:35.049Z'),
        '2026-12-04T17:58:35.048Z',
      ),
    ).toBe(true);
    expect(changedAfterSync(at('2026-12-04T17:58:35Z'), 'not a time')).toBe(
      false,
    );
  });
});
