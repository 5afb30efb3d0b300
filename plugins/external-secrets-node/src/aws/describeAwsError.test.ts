import { awsFailureReason, describeAwsError } from './describeAwsError';

const sdkError = (name: string, message: string, httpStatusCode?: number) =>
  Object.assign(new Error(message), {
    name,
    $metadata: { httpStatusCode },
  });

describe('awsFailureReason', () => {
  it.each([
    ['AccessDeniedException', 400, 'access-denied'],
    ['UnrecognizedClientException', 400, 'invalid-credentials'],
    ['ThrottlingException', 400, 'throttled'],
    ['SomethingElse', 429, 'throttled'],
    ['InternalServiceError', 500, 'unavailable'],
    ['ServiceUnavailable', 503, 'unavailable'],
    ['SyntaxError', 403, 'access-denied'],
    ['ValidationException', 400, 'unknown'],
  ])('classifies %s with HTTP %s as %s', (name, status, reason) => {
    expect(awsFailureReason(sdkError(name, 'x', status))).toBe(reason);
  });

  it('calls an endpoint that never answered unavailable', () => {
    expect(awsFailureReason(new Error('connect ECONNREFUSED'))).toBe(
      'unavailable',
    );
  });
});

describe('describeAwsError', () => {
  const where = 'AWS account prod (eu-west-1)';

  it('names the account, the action and the next step', () => {
    const error = describeAwsError(
      sdkError(
        'AccessDeniedException',
        'User: arn:aws:iam::111122223333:user/backstage is not authorized to perform: secretsmanager:ListSecrets',
        400,
      ),
      where,
      'secretsmanager:ListSecrets',
      { ListSecrets: 1 },
    );
    expect(error.reason).toBe('access-denied');
    expect(error.apiCalls).toEqual({ ListSecrets: 1 });
    expect(error.message).toMatch(
      /^AWS account prod \(eu-west-1\): access denied to secretsmanager:ListSecrets \(AccessDeniedException: User: .*\); grant it to the identity the backend uses/,
    );
  });

  it('names the action AWS refused when it is not the call itself (assuming the role)', () => {
    const error = describeAwsError(
      sdkError(
        'AccessDenied',
        'User: arn:aws:iam::111122223333:user/backstage is not authorized to perform: sts:AssumeRole',
        403,
      ),
      where,
      'secretsmanager:ListSecrets',
      {},
    );
    expect(error.message).toContain('access denied to sts:AssumeRole (');
  });

  it('says so when throttling outlasted the retries', () => {
    const error = describeAwsError(
      sdkError('ThrottlingException', 'Rate exceeded', 400),
      where,
      'secretsmanager:ListSecrets',
      { ListSecrets: 5 },
    );
    expect(error.reason).toBe('throttled');
    expect(error.message).toContain(
      'secretsmanager:ListSecrets failed (ThrottlingException: Rate exceeded); the API kept throttling after retries',
    );
  });
});
