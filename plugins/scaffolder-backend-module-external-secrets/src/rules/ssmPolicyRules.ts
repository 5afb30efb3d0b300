import { isRecord } from '@eso-health/plugin-external-secrets-common';
import { Problem, ReportProblem } from '../model/problems';
import {
  asList,
  checkPolicyStatements,
  forEachResourceName,
  ResourceArnRule,
  StatementElement,
  statementElement,
} from './awsPolicyDocument';

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

/** Parameters by the name part of their ARNs, for messages: `parameter/checkout/prod/db`. */
function listParameters(names: Set<string>): string {
  return [...names].map(n => `parameter/${n}`).join(', ');
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
  const wanted = new Set(expected.remoteKeys.map(parameterArnName));
  const wantedList = listParameters(wanted);
  const readable = new Set<string>();
  let decryptable = false;

  return checkPolicyStatements(
    doc,
    (statement, base, problem) => {
      const actions = statementElement(statement, 'Action', base, problem);
      actions.values.forEach((action, a) => {
        if (action === ESO_PARAMETER_READ_ACTION) return;
        if (action === KMS_DECRYPT_ACTION) {
          if (!expected.kmsKeyArn) {
            problem(
              actions.field(a),
              '"kms:Decrypt" is not needed: String parameters and SecureStrings under the AWS managed key aws/ssm need no KMS grant; it is only for a SecureString under a customer managed key (give its ARN)',
            );
          }
          return;
        }
        problem(
          actions.field(a),
          action === 'ssm:GetParameters'
            ? '"ssm:GetParameters" is not needed: ESO 0.20 reads each key with ssm:GetParameter'
            : `${JSON.stringify(
                action,
              )} is not needed: ESO's role needs only ssm:GetParameter on the parameter (and kms:Decrypt on a customer managed key)`,
        );
      });
      const reads = actions.values.includes(ESO_PARAMETER_READ_ACTION);
      const decrypts = actions.values.includes(KMS_DECRYPT_ACTION);
      if (reads && decrypts) {
        problem(
          `${base}.Action`,
          'mixes ssm:GetParameter and kms:Decrypt: give kms:Decrypt its own statement on the KMS key, so neither action reaches the other resource',
        );
        return;
      }

      const resources = statementElement(statement, 'Resource', base, problem);

      if (decrypts) {
        if (
          checkDecryptStatement(
            statement,
            base,
            resources,
            expected.kmsKeyArn,
            wanted,
            wantedList,
            problem,
          )
        ) {
          decryptable = true;
        }
        return;
      }

      forEachResourceName(
        resources,
        PARAMETER_RESOURCE,
        expected,
        problem,
        (name, field) => {
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
        },
      );
    },
    problem => {
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
    },
  );
}

/**
 * A statement that allows `kms:Decrypt` (alone): on the parameter's customer managed key only,
 * with the encryption context condition naming only parameters the ExternalSecret reads.
 * True when it lets the role decrypt those parameters with that key.
 */
function checkDecryptStatement(
  statement: Record<string, any>,
  base: string,
  resources: StatementElement,
  kmsKeyArn: string | undefined,
  wanted: Set<string>,
  wantedList: string,
  problem: ReportProblem,
): boolean {
  let onKey = false;
  resources.values.forEach((resource, r) => {
    if (kmsKeyArn && resource === kmsKeyArn) {
      onKey = true;
      return;
    }
    problem(
      resources.field(r),
      resource === '*'
        ? `"*" lets the role decrypt with every key it may use: name the parameter's key (${
            kmsKeyArn ?? 'arn:aws:kms:<region>:<account>:key/<id>'
          })`
        : `${JSON.stringify(resource)} is not the parameter's KMS key${
            kmsKeyArn ? ` ${kmsKeyArn}` : ''
          }`,
    );
  });
  const condition = isRecord(statement.Condition) ? statement.Condition : {};
  const equals = isRecord(condition.StringEquals) ? condition.StringEquals : {};
  const contexts = asList(equals[PARAMETER_ARN_CONTEXT]);
  if (equals[PARAMETER_ARN_CONTEXT] === undefined) {
    problem(
      `${base}.Condition`,
      `needs StringEquals "${PARAMETER_ARN_CONTEXT}" with the parameter's ARN: without it the role may decrypt anything encrypted under the key`,
    );
    return false;
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
  return onKey && bound;
}
