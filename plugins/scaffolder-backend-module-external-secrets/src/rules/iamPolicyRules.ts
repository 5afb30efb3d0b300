import { Problem } from '../model/problems';
import {
  checkPolicyStatements,
  forEachResourceName,
  ResourceArnRule,
  statementElement,
} from './awsPolicyDocument';

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

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

const SECRET_RESOURCE: ResourceArnRule = {
  arn: SECRET_ARN,
  noun: 'secret',
  example: 'arn:aws:secretsmanager:<region>:<account>:secret:<name>-??????',
  kind: 'Secrets Manager secret',
};

/**
 * Checks the IAM policy for ESO's role: Allow only, only GetSecretValue and DescribeSecret,
 * only ARNs of secrets (never `*`, never a wildcard in the account, region or service), and
 * every remote key the ExternalSecrets read must be covered.
 */
export function checkIamPolicy(
  doc: unknown,
  expected: IamPolicyExpectations,
): Problem[] {
  const readable: RegExp[] = [];
  return checkPolicyStatements(
    doc,
    (statement, base, problem) => {
      const actions = statementElement(statement, 'Action', base, problem);
      actions.values.forEach((action, a) => {
        if (!ESO_READ_ACTIONS.includes(action as any)) {
          problem(
            actions.field(a),
            `${JSON.stringify(
              action,
            )} is not needed: ESO's role needs only ${ESO_READ_ACTIONS.join(
              ' and ',
            )}`,
          );
        }
      });
      const resources = statementElement(statement, 'Resource', base, problem);
      forEachResourceName(
        resources,
        SECRET_RESOURCE,
        expected,
        problem,
        (name, field) => {
          if (!EXACT_NAME.test(name) && !PREFIX_NAME.test(name)) {
            problem(
              field,
              `secret name "${name}" must be one secret (<name>-??????) or a fixed prefix (<prefix>/*); no other wildcards`,
            );
            return;
          }
          if (actions.values.includes('secretsmanager:GetSecretValue')) {
            readable.push(globToRegExp(name));
          }
        },
      );
    },
    problem => {
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
    },
  );
}
