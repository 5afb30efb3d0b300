import {
  ProviderCollectError,
  ProviderCollectFailure,
} from '../providers/types';

const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
]);
const BAD_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredTokenException',
  'ExpiredToken',
  'CredentialsProviderError',
]);
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

interface AwsErrorShape {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Classifies an SDK error: access denied, bad credentials, throttled, unavailable or unknown.
 *
 * @public
 */
export function awsFailureReason(error: unknown): ProviderCollectFailure {
  const e = (error ?? {}) as AwsErrorShape;
  const name = e.name ?? '';
  if (ACCESS_DENIED.has(name)) return 'access-denied';
  if (BAD_CREDENTIALS.has(name)) return 'invalid-credentials';
  if (THROTTLED.has(name)) return 'throttled';
  const status = e.$metadata?.httpStatusCode;
  // An error body the SDK cannot parse (emulators answer some errors in XML) still has its status.
  if (status === 403) return 'access-denied';
  if (status === 401) return 'invalid-credentials';
  if (status === 429) return 'throttled';
  // No HTTP status at all: the endpoint never answered (refused, reset, timed out, no DNS).
  if (status === undefined || status >= 500) return 'unavailable';
  return 'unknown';
}

const firstLine = (text: string | undefined) => text?.split('\n')[0];

const NEXT_STEP: Record<ProviderCollectFailure, string> = {
  'access-denied':
    'grant it to the identity the backend uses (see docs/aws.md for the policy)',
  'invalid-credentials':
    "check the backend's AWS credentials (default chain, or the account's keys) and the role it assumes",
  throttled:
    'the API kept throttling after retries; lengthen externalSecrets.aws.refresh.frequency or narrow namePrefixes',
  unavailable:
    'AWS (or the configured endpoint) did not answer; it is retried on the next refresh',
  unknown: 'it is retried on the next refresh',
};

/**
 * A {@link ProviderCollectError} for a failed call, naming the account, the IAM action and the
 * next step. AWS error messages name principals and resources, never secret values.
 *
 * @public
 */
export function describeAwsError(
  error: unknown,
  where: string,
  action: string,
  apiCalls: Record<string, number>,
): ProviderCollectError {
  const reason = awsFailureReason(error);
  const e = (error ?? {}) as AwsErrorShape;
  const status = e.$metadata?.httpStatusCode;
  const unparsed = e.name === 'SyntaxError' && status !== undefined;
  const detail = unparsed
    ? `HTTP ${status}, with an error body that is not AWS JSON`
    : [e.name, firstLine(e.message)].filter(Boolean).join(': ');
  // AWS names the action it refused, which is not the call's own when the refusal came from
  // assuming the account's role (sts:AssumeRole) on the way to it.
  const refused = e.message?.match(
    /not authorized to perform: ([\w-]+:\w+)/,
  )?.[1];
  const what =
    reason === 'access-denied'
      ? `access denied to ${refused ?? action}`
      : `${action} failed`;
  return new ProviderCollectError(
    `${where}: ${what} (${detail || String(error)}); ${NEXT_STEP[reason]}.`,
    reason,
    apiCalls,
  );
}
