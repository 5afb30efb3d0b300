import { isRecord } from '@eso-health/plugin-external-secrets-common';
import { Problem, problemsOf, ReportProblem } from '../model/problems';

/**
 * What every IAM policy for ESO's role must be, whichever AWS service it grants: the policy
 * document and its statements, the elements that may be one value or a list, and resource
 * ARNs with a fixed partition, region and account. The rules of each service
 * (iamPolicyRules for Secrets Manager, ssmPolicyRules for Parameter Store) build on these.
 */

/** An IAM policy document: JSON with a Version and a Statement. */
export function isIamPolicy(doc: unknown): boolean {
  return isRecord(doc) && 'Statement' in doc && 'Version' in doc;
}

/** A policy element that may be one value or a list, as a list. */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** The values of a statement's `Action` or `Resource`, and the field of each. */
export interface StatementElement {
  values: unknown[];
  field: (index: number) => string;
}

/**
 * A statement's `Action` or `Resource` as a list, reporting it when missing, and the field of
 * its n-th value: `Statement[0].Action[1]` when it is a list, `Statement[0].Action` when it is
 * one value.
 */
export function statementElement(
  statement: Record<string, unknown>,
  key: 'Action' | 'Resource',
  base: string,
  problem: ReportProblem,
): StatementElement {
  const value = statement[key];
  if (value === undefined) problem(`${base}.${key}`, 'is missing');
  return {
    values: value === undefined ? [] : asList(value),
    field: index =>
      Array.isArray(value) ? `${base}.${key}[${index}]` : `${base}.${key}`,
  };
}

/** How a service checks one statement (it is an object, with `Effect: Allow`, no `Not*`). */
export type StatementCheck = (
  statement: Record<string, any>,
  base: string,
  problem: ReportProblem,
) => void;

/**
 * Checks an IAM policy for ESO's role: a JSON object with Version 2012-10-17 and at least one
 * statement, each an object that allows (`Effect: Allow`) and uses no `NotAction`,
 * `NotResource` or `NotPrincipal`. Each such statement then goes to `checkStatement`, with its
 * field (`Statement[0]`, or `Statement` when there is one statement not in a list); `finish`
 * runs after the last one, for what the statements must grant together.
 */
export function checkPolicyStatements(
  doc: unknown,
  checkStatement: StatementCheck,
  finish: (problem: ReportProblem) => void,
): Problem[] {
  const { problems, problem } = problemsOf('IAM policy');
  if (!isRecord(doc)) {
    problem('(document)', 'is not a JSON object');
    return problems;
  }
  if (doc.Version !== '2012-10-17') {
    problem('Version', `${JSON.stringify(doc.Version)} must be "2012-10-17"`);
  }
  const statements = asList(doc.Statement);
  if (statements.length === 0 || doc.Statement === undefined) {
    problem('Statement', 'needs at least one statement');
  }
  statements.forEach((statement, index) => {
    const base = Array.isArray(doc.Statement)
      ? `Statement[${index}]`
      : 'Statement';
    if (!isRecord(statement)) {
      problem(base, 'is not an object');
      return;
    }
    for (const key of ['NotAction', 'NotResource', 'NotPrincipal']) {
      if (key in statement) {
        problem(
          `${base}.${key}`,
          'must not be used: it grants everything not listed',
        );
      }
    }
    if (statement.Effect !== 'Allow') {
      problem(
        `${base}.Effect`,
        `${JSON.stringify(statement.Effect)} must be "Allow"`,
      );
    }
    checkStatement(statement, base, problem);
  });
  finish(problem);
  return problems;
}

/** What an AWS policy Resource must be for one kind of resource (a secret, a parameter). */
export interface ResourceArnRule {
  /** Matches the ARN; groups: partition, region, account, name. */
  arn: RegExp;
  /** e.g. `secret`, `parameter`. */
  noun: string;
  /** The ARN to name instead of "*", e.g. `arn:aws:ssm:<region>:<account>:parameter/<name>`. */
  example: string;
  /** e.g. `Secrets Manager secret`. */
  kind: string;
}

/**
 * Checks one Resource of a statement against a rule: never `*`, an ARN of that kind with a
 * fixed partition, region and account, in the expected region and account. Returns the name
 * part of the ARN, or undefined when it reported the resource as unusable.
 */
export function checkResourceArn(
  resource: unknown,
  field: string,
  rule: ResourceArnRule,
  expected: { region?: string; accountId?: string },
  problem: ReportProblem,
): string | undefined {
  if (resource === '*') {
    problem(
      field,
      `"*" grants every ${rule.noun} of the account: name the ${rule.noun}'s ARN (${rule.example})`,
    );
    return undefined;
  }
  const match = typeof resource === 'string' ? rule.arn.exec(resource) : null;
  if (!match) {
    problem(
      field,
      `${JSON.stringify(resource)} is not a ${
        rule.kind
      } ARN with a fixed partition, region and account`,
    );
    return undefined;
  }
  const [, , region, account, name] = match;
  if (expected.region && region !== expected.region) {
    problem(
      field,
      `is in region ${region}, but the ${rule.noun} is read from ${expected.region}`,
    );
  }
  if (expected.accountId && account !== expected.accountId) {
    problem(
      field,
      `is in account ${account}, but the ${rule.noun} is in ${expected.accountId}`,
    );
  }
  return name;
}

/**
 * Checks each Resource of a statement with {@link checkResourceArn}, and hands the name part
 * of each usable one, with its field, to `withName`.
 */
export function forEachResourceName(
  resources: StatementElement,
  rule: ResourceArnRule,
  expected: { region?: string; accountId?: string },
  problem: ReportProblem,
  withName: (name: string, field: string) => void,
): void {
  resources.values.forEach((resource, r) => {
    const field = resources.field(r);
    const name = checkResourceArn(resource, field, rule, expected, problem);
    if (name !== undefined) withName(name, field);
  });
}
