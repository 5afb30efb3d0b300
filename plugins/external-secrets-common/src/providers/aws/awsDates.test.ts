import { awsDateToIso } from './awsDates';

describe('awsDateToIso', () => {
  it.each([
    [1795435200, '2026-11-23T12:00:00.000Z'],
    [1795435200.25, '2026-11-23T12:00:00.250Z'],
    ['1795435200', '2026-11-23T12:00:00.000Z'],
    ['2026-11-23T12:00:00Z', '2026-11-23T12:00:00.000Z'],
    ['2026-11-23T13:00:00.123456+01:00', '2026-11-23T12:00:00.123Z'],
    [null, null],
    [undefined, null],
    ['soon', null],
    [{}, null],
  ])('%p → %p', (input, expected) => {
    expect(awsDateToIso(input)).toBe(expected);
  });
});
