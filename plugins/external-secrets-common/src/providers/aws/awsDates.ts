/**
 * A date of the AWS CLI output as ISO: CLI v2 prints ISO strings with an offset
 * (`2026-11-23T11:57:00.123000+00:00`), v1 and the raw API print epoch seconds (possibly
 * fractional). Returns null for a missing or unreadable date.
 *
 * @public
 */
export function awsDateToIso(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return new Date(Math.round(value * 1000)).toISOString();
  }
  if (typeof value === 'string' && value.trim()) {
    const text = value.trim();
    if (/^-?\d+(\.\d+)?$/.test(text)) {
      return awsDateToIso(Number(text));
    }
    // JavaScript dates hold milliseconds: cut microseconds (`.123000`) to three digits first.
    const normalised = text.replace(/(\.\d{3})\d+/, '$1');
    const time = Date.parse(normalised);
    return Number.isNaN(time) ? null : new Date(time).toISOString();
  }
  return null;
}
