import {
  formatList,
  isRecord,
} from '@eso-health/plugin-external-secrets-common';

/**
 * The "Properties → environment variables" entries of the `external-secret-pipeline`
 * template: each becomes one key of the Kubernetes Secret (`secretKey`, the environment
 * variable name by default) and one environment variable of the container.
 *
 * @public
 */
export interface SecretMapping {
  property?: string;
  envName?: string;
  secretKey?: string;
}

/** Each value given more than once, with the entry numbers (from 1) that give it. */
function repeated(values: (string | undefined)[]): [string, number[]][] {
  const seen = new Map<string, number[]>();
  values.forEach((value, index) => {
    if (value) seen.set(value, [...(seen.get(value) ?? []), index + 1]);
  });
  return [...seen].filter(([, numbers]) => numbers.length > 1);
}

/**
 * What JSON Schema cannot say about the entries: every Secret key and every environment
 * variable name must be unique (a repeated key would overwrite a value; a repeated variable
 * name would hide one). One sentence per problem, numbering entries from 1 as the form does.
 */
export function secretMappingProblems(mappings: unknown): string[] {
  if (!Array.isArray(mappings)) return [];
  const entries: SecretMapping[] = mappings.map(e => (isRecord(e) ? e : {}));
  return [
    ...repeated(entries.map(e => e.secretKey || e.envName)).map(
      ([key, numbers]) =>
        `Entries ${formatList(
          numbers,
        )} write the same Secret key "${key}": give each its own Secret key.`,
    ),
    ...repeated(entries.map(e => e.envName)).map(
      ([name, numbers]) =>
        `Entries ${formatList(
          numbers,
        )} set the same environment variable "${name}": each needs its own name.`,
    ),
  ];
}
