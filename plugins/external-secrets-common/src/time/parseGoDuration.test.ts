import { parseGoDuration } from './parseGoDuration';

describe('parseGoDuration', () => {
  it.each([
    ['0', 0],
    ['-0', 0],
    ['+0', 0],
    ['0s', 0],
    ['90s', 90],
    ['1h', 3600],
    ['1h0m0s', 3600],
    ['1h30m', 5400],
    ['10m', 600],
    ['500ms', 0.5],
    ['1.5h', 5400],
    ['.5m', 30],
    ['1.m', 60],
    ['1h1.5s', 3601.5],
    ['2m3m', 300],
    ['1500us', 0.0015],
    ['1500µs', 0.0015],
    ['1500μs', 0.0015],
    ['100ns', 1e-7],
    ['-1m', -60],
    ['+1m', 60],
    ['2562047h', 2562047 * 3600],
  ])('parses %j as %d seconds', (input, seconds) => {
    expect(parseGoDuration(input)).toBeCloseTo(seconds, 9);
  });

  it.each([
    '',
    '-',
    '1',
    '10',
    'h',
    '.h',
    '1d',
    '1 h',
    ' 1h',
    '1h ',
    '1H',
    '1.2.3s',
    '--1m',
    'abc',
    '3000000h',
  ])('rejects %j like Go does', input => {
    expect(parseGoDuration(input)).toBeUndefined();
  });

  it('rejects non-strings from untrusted objects', () => {
    expect(parseGoDuration(3600 as unknown as string)).toBeUndefined();
    expect(parseGoDuration(undefined as unknown as string)).toBeUndefined();
  });
});
