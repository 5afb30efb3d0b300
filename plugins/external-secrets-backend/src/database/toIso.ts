/** Timestamps come back as Date (PostgreSQL), number or string (SQLite): always hand out ISO. */
export function toIso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const date =
    value instanceof Date ? value : new Date(value as string | number);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
