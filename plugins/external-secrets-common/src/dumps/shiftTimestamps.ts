/**
 * An ISO-8601 / RFC 3339 date-time with a time zone: `2026-11-23T12:00:00Z`,
 * `2026-11-23T12:00:00.123456Z`, `2026-11-23T11:57:00+00:00`. Dates without a time or a zone
 * are ambiguous and are not matched.
 */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;

/**
 * True when the string is, as a whole, an ISO-8601 date-time with a time zone.
 *
 * @public
 */
export function isIsoDateTime(value: string): boolean {
  return (
    ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(normalise(value)))
  );
}

function normalise(value: string): string {
  // Date.parse understands milliseconds only, and `+0000` needs a colon.
  return value
    .replace(/(\.\d{3})\d+/, '$1')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}

function shiftOne(value: string, ms: number): string {
  const match = ISO_DATE_TIME.exec(value);
  if (!match) {
    return value;
  }
  const time = Date.parse(normalise(value));
  if (Number.isNaN(time)) {
    return value;
  }
  const shifted = new Date(time + ms);
  if (Number.isNaN(shifted.getTime())) {
    return value;
  }
  const iso = shifted.toISOString();
  const hadFraction = match[7] !== undefined;
  // Keep Kubernetes' whole-second RFC 3339 form when the input had no fraction and the shift has none.
  if (!hadFraction && iso.endsWith('.000Z')) {
    return `${iso.slice(0, -'.000Z'.length)}Z`;
  }
  return iso;
}

function shift(value: unknown, ms: number): unknown {
  if (typeof value === 'string') {
    return shiftOne(value, ms);
  }
  if (Array.isArray(value)) {
    return value.map(element => shift(element, ms));
  }
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, element] of Object.entries(value)) {
      // defineProperty: a `__proto__` key from JSON stays a plain property.
      Object.defineProperty(copy, key, {
        value: shift(element, ms),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }
  return value;
}

/**
 * A deep copy of `value` in which every string that is, as a whole, an ISO-8601 date-time is moved
 * by `ms` milliseconds (results in UTC, `Z`). Nothing else changes: not keys, not numbers, not
 * dates inside longer text. Used to replay a dump as if it had been captured now:
 * `shiftTimestamps(objects, now - captureTime)`.
 *
 * @public
 */
export function shiftTimestamps<T>(value: T, ms: number): T {
  if (!Number.isFinite(ms)) {
    throw new RangeError(
      'shiftTimestamps needs a finite number of milliseconds',
    );
  }
  return shift(value, ms) as T;
}
