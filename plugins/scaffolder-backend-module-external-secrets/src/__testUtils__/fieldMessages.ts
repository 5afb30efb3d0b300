import { Problem } from '../model/problems';

/** Each problem as `field: message`, the part of a problem the rule tests compare. */
export function fieldMessages(problems: Problem[]): string[] {
  return problems.map(p => `${p.field}: ${p.message}`);
}

/**
 * A rule's problems with a document as `field: message`: checked against `expected`, with what
 * a test changes of it for one call.
 */
export function ruleFields<E>(
  check: (doc: unknown, expected: E) => Problem[],
  expected: E,
): (doc: unknown, overrides?: Partial<E>) => string[] {
  return (doc, overrides = {}) =>
    fieldMessages(check(doc, { ...expected, ...overrides }));
}
