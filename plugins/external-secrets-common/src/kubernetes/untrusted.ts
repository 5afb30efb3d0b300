/**
 * Guards for reading untrusted object shapes (dumps, watches): every read either yields the
 * expected type or a neutral value, so malformed input never throws.
 *
 * @public
 */

export function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value when it is a non-empty string, else undefined.
 *
 * @public
 */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The records of an array; anything else (missing, garbage items) is dropped.
 *
 * @public
 */
export function records(value: unknown): Record<string, any>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** A string map (labels, annotations) with non-string values dropped. */
export function stringMap(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!isRecord(value)) return result;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') result[key] = entry;
  }
  return result;
}
