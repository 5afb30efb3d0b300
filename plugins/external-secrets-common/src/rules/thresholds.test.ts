import { DEFAULT_THRESHOLDS, resolveThresholds } from './thresholds';

// The one resolution of thresholds: the engine's input and the backend's config both use it.
describe('resolveThresholds', () => {
  it('keeps the defaults without overrides', () => {
    expect(resolveThresholds(undefined)).toEqual(DEFAULT_THRESHOLDS);
  });

  it('takes finite non-negative overrides, zero included', () => {
    expect(
      resolveThresholds({ reconcileGraceSeconds: 0, syncOverdueFactor: 3 }),
    ).toEqual({
      ...DEFAULT_THRESHOLDS,
      reconcileGraceSeconds: 0,
      syncOverdueFactor: 3,
    });
  });

  it('reports and ignores an invalid override', () => {
    const invalid: string[] = [];
    const resolved = resolveThresholds(
      {
        rotationOverdueSeconds: -1,
        providerExpiringSeconds: Number.NaN,
        volumePropagationSeconds: '60',
      },
      key => invalid.push(key),
    );
    expect(resolved).toEqual(DEFAULT_THRESHOLDS);
    expect(invalid).toEqual([
      'volumePropagationSeconds',
      'rotationOverdueSeconds',
      'providerExpiringSeconds',
    ]);
  });
});
