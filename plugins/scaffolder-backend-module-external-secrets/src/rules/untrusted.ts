/** Narrowing helpers for parsed YAML and JSON, which may hold anything. */

export function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object entries of an array; anything else is no entries. */
export function records(value: unknown): Record<string, any>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}
