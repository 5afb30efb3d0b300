/** Seconds per unit, as Go's `time.ParseDuration` spells them (`µs` U+00B5 and `μs` U+03BC both mean microseconds). */
const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  '\u00b5s': 1e-6,
  '\u03bcs': 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/** Go durations are int64 nanoseconds: anything larger does not parse (about 292 years). */
const MAX_SECONDS = 9223372036.854775807;

const COMPONENT = /^(\d*)(?:\.(\d*))?([^\d.]+)/;

/**
 * Parses a Go duration string (`1h30m`, `0`, `500ms`, `1.5h`, `-1m`) the way Go's
 * `time.ParseDuration` does, returning seconds, or undefined when Go would return an error.
 * Negative durations parse to negative seconds, as in Go: callers decide what they mean.
 *
 * @public
 */
export function parseGoDuration(value: string): number | undefined {
  if (typeof value !== 'string') return undefined;
  let rest = value;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;

  let total = 0;
  while (rest !== '') {
    const match = COMPONENT.exec(rest);
    if (!match) return undefined;
    const [whole, intPart, fracPart, unit] = match;
    // Go needs digits before or after the dot: "1.", ".5" are fine, "." is not.
    if (intPart === '' && (fracPart === undefined || fracPart === ''))
      return undefined;
    const perUnit = UNIT_SECONDS[unit];
    if (perUnit === undefined) return undefined;
    total += Number(`${intPart || '0'}.${fracPart || '0'}`) * perUnit;
    rest = rest.slice(whole.length);
  }
  if (total > MAX_SECONDS) return undefined;
  // Round away binary noise such as 0.1 + 0.2; Go's resolution is one nanosecond.
  return (sign * Math.round(total * 1e9)) / 1e9 || 0;
}
