import { isIsoDateTime, shiftTimestamps } from './shiftTimestamps';

const HOUR = 3600_000;

describe('shiftTimestamps', () => {
  it('shifts every ISO date-time string, deeply, and nothing else', () => {
    const input = {
      metadata: {
        name: '2026-11-23T12:00:00Z', // a whole-string date-time is a date-time, whatever its key
        creationTimestamp: '2026-11-20T08:00:00Z',
        generation: 3,
        labels: { day: '2026-11-23' },
        annotations: { note: 'rotated at 2026-11-23T11:57:00Z by ops' },
        managedFields: [
          { manager: 'kubectl', time: '2026-11-22T09:30:00Z' },
          { manager: 'eso', time: '2026-11-23T11:59:00.123456Z' },
        ],
      },
      status: {
        refreshTime: '2026-11-23T11:30:00Z',
        epoch: 1795435200,
        flag: true,
        nothing: null,
        offset: '2026-11-23T13:00:00+01:00',
      },
    };
    const output = shiftTimestamps(input, 2 * HOUR);
    expect(output).toEqual({
      metadata: {
        name: '2026-11-23T14:00:00Z',
        creationTimestamp: '2026-11-20T10:00:00Z',
        generation: 3,
        labels: { day: '2026-11-23' },
        annotations: { note: 'rotated at 2026-11-23T11:57:00Z by ops' },
        managedFields: [
          { manager: 'kubectl', time: '2026-11-22T11:30:00Z' },
          { manager: 'eso', time: '2026-11-23T13:59:00.123Z' },
        ],
      },
      status: {
        refreshTime: '2026-11-23T13:30:00Z',
        epoch: 1795435200,
        flag: true,
        nothing: null,
        offset: '2026-11-23T14:00:00Z',
      },
    });
    // a deep copy: the input is untouched
    expect(input.status.refreshTime).toBe('2026-11-23T11:30:00Z');
    expect(output.metadata.managedFields).not.toBe(
      input.metadata.managedFields,
    );
  });

  it('keeps milliseconds when the shift has them', () => {
    expect(shiftTimestamps(['2026-11-23T12:00:00Z'], 1500)).toEqual([
      '2026-11-23T12:00:01.500Z',
    ]);
    expect(shiftTimestamps('2026-11-23T12:00:00Z', -HOUR)).toBe(
      '2026-11-23T11:00:00Z',
    );
  });

  it('leaves a JSON __proto__ key a plain property', () => {
    const input = JSON.parse('{"__proto__": {"t": "2026-11-23T12:00:00Z"}}');
    const output = shiftTimestamps(input, HOUR) as any;
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(output, '__proto__')?.value).toEqual(
      { t: '2026-11-23T13:00:00Z' },
    );
  });

  it('refuses a non-finite shift', () => {
    expect(() => shiftTimestamps({}, NaN)).toThrow(RangeError);
  });
});

describe('isIsoDateTime', () => {
  it.each([
    ['2026-11-23T12:00:00Z', true],
    ['2026-11-23T12:00Z', true],
    ['2026-11-23t12:00:00.5z', true],
    ['2026-11-23T12:00:00.123456+00:00', true],
    ['2026-11-23T12:00:00+0100', true],
    ['2026-11-23T12:00:00', false],
    ['2026-11-23', false],
    ['2026-13-45T12:00:00Z', false],
    [' 2026-11-23T12:00:00Z', false],
    ['12:00', false],
  ])('%p → %p', (value, expected) => {
    expect(isIsoDateTime(value)).toBe(expected);
  });
});
