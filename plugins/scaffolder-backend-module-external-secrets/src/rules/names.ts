/**
 * Name rules of Kubernetes, POSIX shells and AWS, each with the sentence shown when a value
 * breaks it. The template's form uses the same patterns (templates/external-secret-pipeline).
 */

/** Environment variable names that every shell and runtime accepts: a C identifier. */
export const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Keys of a Kubernetes Secret's data (also the file names of a secret volume). */
export const SECRET_DATA_KEY = /^[-._a-zA-Z0-9]+$/;

/** RFC 1123 label: namespaces, volume and container names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** RFC 1123 subdomain: names of most Kubernetes objects. */
export const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Characters AWS Secrets Manager allows in a secret name (1 to 512 of them). */
export const AWS_SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** AWS region names such as eu-west-1 or us-gov-west-1. */
export const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * A hierarchical Parameter Store name: `/`, then segments of letters, digits and `_.-`
 * (the characters AWS allows besides `/`), at most 15 levels (AWS Systems Manager user guide,
 * "Parameter naming requirements").
 */
export const PARAMETER_NAME = /^(\/[A-Za-z0-9_.-]+)+$/;

/** AWS refuses parameter names beginning with "aws" or "ssm", in any case. */
const RESERVED_PARAMETER_PREFIX = /^\/(aws|ssm)/i;

/**
 * AWS appends `-` and six random characters to a secret's ARN; a name that itself ends that
 * way makes partial-ARN lookups and `-??????` IAM resources ambiguous (AWS Secrets Manager
 * user guide, "Create a secret": do not end the name with a hyphen followed by six characters).
 */
const ARN_LIKE_SUFFIX = /-[A-Za-z0-9]{6}$/;

/** `value` is a string of at most `maxLength` characters that `pattern` matches. */
function matchesWithin(
  value: unknown,
  pattern: RegExp,
  maxLength: number,
): value is string {
  return (
    typeof value === 'string' &&
    value.length <= maxLength &&
    pattern.test(value)
  );
}

/**
 * For the entries of one list whose names must differ (the keys of an ExternalSecret's data,
 * the environment variables of a container): given an entry's name and index, the index of
 * the earlier entry with that name, if there is one; else the name is remembered as first
 * used at `index`. Names that are not strings are passed over.
 */
export function earlierUseOfName(): (
  name: unknown,
  index: number,
) => number | undefined {
  const firstUse = new Map<string, number>();
  return (name, index) => {
    if (typeof name !== 'string') return undefined;
    const first = firstUse.get(name);
    if (first === undefined) firstUse.set(name, index);
    return first;
  };
}

export function checkEnvName(value: unknown): string | undefined {
  if (typeof value !== 'string' || !C_IDENTIFIER.test(value)) {
    return `${JSON.stringify(
      value,
    )} is not a valid environment variable name: use letters, digits and _, not starting with a digit (e.g. DB_PASSWORD)`;
  }
  return undefined;
}

export function checkSecretDataKey(value: unknown): string | undefined {
  if (
    !matchesWithin(value, SECRET_DATA_KEY, 253) ||
    value === '.' ||
    value === '..'
  ) {
    return `${JSON.stringify(
      value,
    )} is not a valid Secret key: use letters, digits, '-', '_' and '.' (at most 253)`;
  }
  return undefined;
}

export function checkDnsLabel(value: unknown): string | undefined {
  if (!matchesWithin(value, DNS_LABEL, 63)) {
    return `${JSON.stringify(
      value,
    )} is not a valid name: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`;
  }
  return undefined;
}

export function checkDnsSubdomain(value: unknown): string | undefined {
  if (!matchesWithin(value, DNS_SUBDOMAIN, 253)) {
    return `${JSON.stringify(
      value,
    )} is not a valid Kubernetes name: lower-case letters, digits, '-' and '.', at most 253 characters`;
  }
  return undefined;
}

export function checkAwsSecretName(value: unknown): string | undefined {
  if (typeof value !== 'string' || !AWS_SECRET_NAME.test(value)) {
    return `${JSON.stringify(
      value,
    )} is not a valid AWS Secrets Manager name: 1 to 512 of letters, digits and /_+=.@-`;
  }
  if (value.startsWith('arn:') || value.startsWith('/')) {
    return `${JSON.stringify(
      value,
    )} must be a secret name such as checkout/prod/db, not an ARN or a path starting with /`;
  }
  if (ARN_LIKE_SUFFIX.test(value)) {
    return `${JSON.stringify(
      value,
    )} ends with '-' and six characters, which AWS reserves for the random suffix of secret ARNs: rename it (e.g. ${value.replace(
      /-([A-Za-z0-9]{6})$/,
      '_$1',
    )})`;
  }
  return undefined;
}

export function checkAwsRegion(value: unknown): string | undefined {
  if (typeof value !== 'string' || !AWS_REGION.test(value)) {
    return `${JSON.stringify(value)} is not an AWS region such as eu-west-1`;
  }
  return undefined;
}

export function checkParameterName(value: unknown): string | undefined {
  if (typeof value !== 'string' || !PARAMETER_NAME.test(value)) {
    return `${JSON.stringify(
      value,
    )} is not a Parameter Store name such as /checkout/prod/db: "/" and segments of letters, digits, "_", "." and "-"`;
  }
  if (value.split('/').length - 1 > 15) {
    return `${JSON.stringify(
      value,
    )} has more than 15 levels, the most Parameter Store allows`;
  }
  if (value.length > 1011) {
    return `is ${value.length} characters long; Parameter Store allows at most 1011`;
  }
  if (RESERVED_PARAMETER_PREFIX.test(value)) {
    return `${JSON.stringify(
      value,
    )} begins with "aws" or "ssm", which Parameter Store reserves`;
  }
  return undefined;
}
