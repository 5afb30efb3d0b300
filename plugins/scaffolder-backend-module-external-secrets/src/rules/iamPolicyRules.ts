import { isRecord } from '@eso-health/plugin-external-secrets-common';
import { Problem } from './problems';

/** The only actions ESO needs to read a secret by name (ESO docs, AWS Secrets Manager provider). */
export const ESO_READ_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:DescribeSecret',
] as const;

const SECRET_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):secretsmanager:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):secret:(.+)$/;

/**
 * A secret's name part of its ARN may end with `-??????` (exactly the one secret: AWS adds a
 * hyphen and six random characters) or `/*` after a fixed prefix (the secrets under it).
 * No other wildcard is least privilege.
 */
const EXACT_NAME = /^[A-Za-z0-9/_+=.@-]+-\?{6}$/;
const PREFIX_NAME = /^[A-Za-z0-9_+=.@-]+(\/[A-Za-z0-9_+=.@-]+)*\/\*$/;

export interface IamPolicyExpectations {
  /** Remote keys (secret names) the ExternalSecrets read: each must be readable. */
  remoteKeys: string[];
  /** The region of the store, when known: every resource must be in it. */
  region?: string;
  /** The account that holds the secrets, when known: every resource must be in it. */
  accountId?: string;
}

export function isIamPolicy(doc: unknown): boolean {
  return isRecord(doc) && 'Statement' in doc && 'Version' in doc;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
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
  problem: (field: string, message: string) => void,
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

const SECRET_RESOURCE: ResourceArnRule = {
  arn: SECRET_ARN,
  noun: 'secret',
  example: 'arn:aws:secretsmanager:<region>:<account>:secret:<name>-??????',
  kind: 'Secrets Manager secret',
};

/** A policy element that may be one value or a list, as a list. */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/**
 * Checks the IAM policy for ESO's role: Allow only, only GetSecretValue and DescribeSecret,
 * only ARNs of secrets (never `*`, never a wildcard in the account, region or service), and
 * every remote key the ExternalSecrets read must be covered.
 */
export function checkIamPolicy(
  doc: unknown,
  expected: IamPolicyExpectations,
): Problem[] {
  const problems: Problem[] = [];
  const object = 'IAM policy';
  const problem = (field: string, message: string) =>
    problems.push({ object, field, message });
  if (!isRecord(doc))
    return [{ object, field: '(document)', message: 'is not a JSON object' }];
  if (doc.Version !== '2012-10-17') {
    problem('Version', `${JSON.stringify(doc.Version)} must be "2012-10-17"`);
  }
  const statements = asList(doc.Statement);
  if (statements.length === 0 || doc.Statement === undefined) {
    problem('Statement', 'needs at least one statement');
  }
  const readable: RegExp[] = [];

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
    const actions =
      statement.Action === undefined ? [] : asList(statement.Action);
    if (statement.Action === undefined) problem(`${base}.Action`, 'is missing');
    actions.forEach((action, a) => {
      if (!ESO_READ_ACTIONS.includes(action as any)) {
        problem(
          Array.isArray(statement.Action)
            ? `${base}.Action[${a}]`
            : `${base}.Action`,
          `${JSON.stringify(
            action,
          )} is not needed: ESO's role needs only ${ESO_READ_ACTIONS.join(
            ' and ',
          )}`,
        );
      }
    });
    const resources =
      statement.Resource === undefined ? [] : asList(statement.Resource);
    if (statement.Resource === undefined)
      problem(`${base}.Resource`, 'is missing');
    resources.forEach((resource, r) => {
      const field = Array.isArray(statement.Resource)
        ? `${base}.Resource[${r}]`
        : `${base}.Resource`;
      const name = checkResourceArn(
        resource,
        field,
        SECRET_RESOURCE,
        expected,
        problem,
      );
      if (name === undefined) return;
      if (!EXACT_NAME.test(name) && !PREFIX_NAME.test(name)) {
        problem(
          field,
          `secret name "${name}" must be one secret (<name>-??????) or a fixed prefix (<prefix>/*); no other wildcards`,
        );
        return;
      }
      if (actions.includes('secretsmanager:GetSecretValue')) {
        readable.push(globToRegExp(name));
      }
    });
  });

  for (const key of expected.remoteKeys) {
    // The name part of the real ARN: the name, '-', six random characters.
    const arnName = `${key}-AbC123`;
    if (!readable.some(pattern => pattern.test(arnName))) {
      problem(
        'Statement',
        `does not allow secretsmanager:GetSecretValue on "${key}", which the ExternalSecret reads`,
      );
    }
  }
  return problems;
}
