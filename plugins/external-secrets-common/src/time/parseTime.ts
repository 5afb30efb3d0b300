/**
 * Epoch milliseconds of a Kubernetes/AWS timestamp (ISO 8601 string), or undefined when the
 * value is missing or not a valid time. Inputs are untrusted, so anything else is undefined.
 *
 * @public
 */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
