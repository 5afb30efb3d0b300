const UNITS: Array<[string, number]> = [
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];

/**
 * Shows a number of seconds as a short human string for messages: `1h`, `15m`, `1h30m`,
 * `2d3h`, `45s`, `500ms`. At most the two largest units are shown, rounded down. Negative
 * input is shown with a leading minus.
 *
 * @public
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unknown';
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  if (seconds > 0 && seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  let rest = Math.floor(seconds);
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    if (parts.length === 2) break;
    const count = Math.floor(rest / size);
    // Once a larger unit is shown, the next one is shown only when non-zero (1h, not 1h0m).
    if (count > 0) {
      parts.push(`${count}${unit}`);
      rest -= count * size;
    } else if (parts.length > 0) {
      break;
    }
  }
  return parts.length > 0 ? parts.join('') : '0s';
}
