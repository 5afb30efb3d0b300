/**
 * The "Properties → environment variables" entries of the `external-secret-pipeline`
 * template: each becomes one key of the Kubernetes Secret (`secretKey`, the environment
 * variable name by default) and one environment variable of the container.
 */
export interface SecretMapping {
  property?: string;
  envName?: string;
  secretKey?: string;
}

/**
 * What JSON Schema cannot say about the entries: every Secret key and every environment
 * variable name must be unique (a repeated key would overwrite a value; a repeated variable
 * name would hide one). One sentence per problem, numbering entries from 1 as the form does.
 */
export function secretMappingProblems(mappings: unknown): string[] {
  if (!Array.isArray(mappings)) return [];
  const entries = mappings.map(entry =>
    typeof entry === 'object' && entry !== null ? (entry as SecretMapping) : {},
  );
  const problems: string[] = [];
  const report = (
    values: (string | undefined)[],
    describe: (value: string, numbers: string) => string,
  ) => {
    const seen = new Map<string, number[]>();
    values.forEach((value, index) => {
      if (!value) return;
      seen.set(value, [...(seen.get(value) ?? []), index + 1]);
    });
    for (const [value, numbers] of seen) {
      if (numbers.length > 1) {
        problems.push(describe(value, joinNumbers(numbers)));
      }
    }
  };
  report(
    entries.map(e => e.secretKey || e.envName),
    (key, numbers) =>
      `Entries ${numbers} write the same Secret key "${key}": give each its own Secret key.`,
  );
  report(
    entries.map(e => e.envName),
    (name, numbers) =>
      `Entries ${numbers} set the same environment variable "${name}": each needs its own name.`,
  );
  return problems;
}

function joinNumbers(numbers: number[]): string {
  return numbers.length === 2
    ? `${numbers[0]} and ${numbers[1]}`
    : `${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}
