import { isRecord } from '@eso-health/plugin-external-secrets-common';
import { asList, checkResourceArn, ResourceArnRule } from './iamPolicyRules';
import { Problem } from './problems';

/**
 * The one action ESO 0.20 calls to read a Parameter Store key: `GetParameter` with
 * `WithDecryption` (its ParameterStore provider's GetSecret). `GetParameters`,
 * `GetParametersByPath` and `DescribeParameters` serve `dataFrom.find`, which this pipeline
 * does not use.
 */
export const ESO_PARAMETER_READ_ACTION = 'ssm:GetParameter';

/** The only KMS action a SecureString under a customer managed key needs. */
export const KMS_DECRYPT_ACTION = 'kms:Decrypt';

/** The encryption context key Parameter Store binds a SecureString's ciphertext to. */
export const PARAMETER_ARN_CONTEXT = 'kms:EncryptionContext:PARAMETER_ARN';

const PARAMETER_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):ssm:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):parameter\/(.+)$/;

const PARAMETER_RESOURCE: ResourceArnRule = {
  arn: PARAMETER_ARN,
  noun: 'parameter',
  example: 'arn:aws:ssm:<region>:<account>:parameter/<name>',
  kind: 'Parameter Store parameter',
};

/** A KMS key by ARN: a key ID (UUID) or a multi-Region key (`mrk-` and 32 hex digits). */
export const KMS_KEY_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):kms:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):key\/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export interface SsmPolicyExpectations {
  /** Parameter names the ExternalSecrets read (`/checkout/prod/db`): each must be readable. */
  remoteKeys: string[];
  /** The store's region, when known: every parameter must be in it. */
  region?: string;
  /** The account that holds the parameters, when known. */
  accountId?: string;
  /**
   * The customer managed KMS key of a SecureString parameter, when it has one: the policy
   * must then allow `kms:Decrypt` on exactly this key, and otherwise must not name KMS.
   */
  kmsKeyArn?: string;
}

/** The name part of a parameter's ARN: the name without its leading `/`. */
export function parameterArnName(name: string): string {
  return name.replace(/^\//, '');
}

/**
 * Checks the IAM policy for ESO's role on a Parameter Store store: Allow only, no `Not*`,
 * `ssm:GetParameter` on exactly the ARNs of the parameters read (fixed partition, region and
 * account, no wildcard, no other parameter), and `kms:Decrypt` only when the parameter is a
 * SecureString under a customer managed key: on that key, in its own statement, limited by
 * the encryption context to the parameters read.
 */
export function checkSsmPolicy(
  doc: unknown,
  expected: SsmPolicyExpectations,
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
  const wanted = new Set(expected.remoteKeys.map(parameterArnName));
  const wantedList = [...wanted].map(n => `parameter/${n}`).join(', ');
  const readable = new Set<string>();
  let decryptable = false;

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
    const actionField = (a: number) =>
      Array.isArray(statement.Action)
        ? `${base}.Action[${a}]`
        : `${base}.Action`;
    actions.forEach((action, a) => {
      if (action === ESO_PARAMETER_READ_ACTION) return;
      if (action === KMS_DECRYPT_ACTION) {
        if (!expected.kmsKeyArn) {
          problem(
            actionField(a),
            '"kms:Decrypt" is not needed: String parameters and SecureStrings under the AWS managed key aws/ssm need no KMS grant; it is only for a SecureString under a customer managed key (give its ARN)',
          );
        }
        return;
      }
      problem(
        actionField(a),
        action === 'ssm:GetParameters'
          ? '"ssm:GetParameters" is not needed: ESO 0.20 reads each key with ssm:GetParameter'
          : `${JSON.stringify(
              action,
            )} is not needed: ESO's role needs only ssm:GetParameter on the parameter (and kms:Decrypt on a customer managed key)`,
      );
    });
    const reads = actions.includes(ESO_PARAMETER_READ_ACTION);
    const decrypts = actions.includes(KMS_DECRYPT_ACTION);
    if (reads && decrypts) {
      problem(
        `${base}.Action`,
        'mixes ssm:GetParameter and kms:Decrypt: give kms:Decrypt its own statement on the KMS key, so neither action reaches the other resource',
      );
      return;
    }

    const resources =
      statement.Resource === undefined ? [] : asList(statement.Resource);
    if (statement.Resource === undefined)
      problem(`${base}.Resource`, 'is missing');
    const resourceField = (r: number) =>
      Array.isArray(statement.Resource)
        ? `${base}.Resource[${r}]`
        : `${base}.Resource`;

    if (decrypts) {
      let onKey = false;
      resources.forEach((resource, r) => {
        if (expected.kmsKeyArn && resource === expected.kmsKeyArn) {
          onKey = true;
          return;
        }
        problem(
          resourceField(r),
          resource === '*'
            ? `"*" lets the role decrypt with every key it may use: name the parameter's key (${
                expected.kmsKeyArn ?? 'arn:aws:kms:<region>:<account>:key/<id>'
              })`
            : `${JSON.stringify(resource)} is not the parameter's KMS key${
                expected.kmsKeyArn ? ` ${expected.kmsKeyArn}` : ''
              }`,
        );
      });
      const condition = isRecord(statement.Condition)
        ? statement.Condition
        : {};
      const equals = isRecord(condition.StringEquals)
        ? condition.StringEquals
        : {};
      const contexts = asList(equals[PARAMETER_ARN_CONTEXT]);
      if (equals[PARAMETER_ARN_CONTEXT] === undefined) {
        problem(
          `${base}.Condition`,
          `needs StringEquals "${PARAMETER_ARN_CONTEXT}" with the parameter's ARN: without it the role may decrypt anything encrypted under the key`,
        );
        return;
      }
      let bound = contexts.length > 0;
      contexts.forEach((context, c) => {
        const match =
          typeof context === 'string' ? PARAMETER_ARN.exec(context) : null;
        if (!match || !wanted.has(match[4])) {
          bound = false;
          problem(
            `${base}.Condition.StringEquals["${PARAMETER_ARN_CONTEXT}"]${
              Array.isArray(equals[PARAMETER_ARN_CONTEXT]) ? `[${c}]` : ''
            }`,
            `${JSON.stringify(
              context,
            )} is not the ARN of a parameter the ExternalSecret reads (${wantedList})`,
          );
        }
      });
      if (onKey && bound) decryptable = true;
      return;
    }

    resources.forEach((resource, r) => {
      const field = resourceField(r);
      const name = checkResourceArn(
        resource,
        field,
        PARAMETER_RESOURCE,
        expected,
        problem,
      );
      if (name === undefined) return;
      if (/[*?]/.test(name)) {
        problem(
          field,
          `parameter "${name}" has a wildcard: name exactly the parameter ESO reads (${wantedList})`,
        );
        return;
      }
      if (!wanted.has(name)) {
        problem(
          field,
          `parameter/${name} is not a parameter the ExternalSecret reads (${wantedList})`,
        );
        return;
      }
      if (reads) readable.add(name);
    });
  });

  for (const key of expected.remoteKeys) {
    if (!readable.has(parameterArnName(key))) {
      problem(
        'Statement',
        `does not allow ssm:GetParameter on "${key}", which the ExternalSecret reads`,
      );
    }
  }
  if (expected.kmsKeyArn && !decryptable) {
    problem(
      'Statement',
      `does not allow kms:Decrypt on ${expected.kmsKeyArn} for the parameter read, which its SecureString value is encrypted with`,
    );
  }
  return problems;
}
