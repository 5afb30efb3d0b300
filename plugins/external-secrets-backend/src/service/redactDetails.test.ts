import { failureKind, scrubDetails } from './redactDetails';

describe('scrubDetails', () => {
  it.each([
    [
      'User: arn:aws:sts::123456789012:assumed-role/eso/i-0abc is not authorized',
      'User: [ARN hidden] is not authorized',
    ],
    [
      'account 123456789012 in eu-west-1',
      'account [account id hidden] in eu-west-1',
    ],
    [
      'Get "https://10.0.0.1:6443/api/v1/namespaces": dial tcp',
      'Get "[URL hidden]": dial tcp',
    ],
    [
      'dial tcp 10.0.0.1:6443: connect refused',
      'dial tcp [address hidden]: connect refused',
    ],
    [
      'cannot read /etc/backstage/kubeconfig.yaml: ENOENT',
      'cannot read [path hidden]: ENOENT',
    ],
    ['C:\\Users\\ops\\dump.json missing', '[path hidden] missing'],
  ])('hides infrastructure in %j', (text, scrubbed) => {
    expect(scrubDetails(text)).toBe(scrubbed);
  });

  it.each([
    'ExternalSecret payments/payments-db has refreshPolicy CreatedOnce',
    'kubectl delete secret payments-db -n payments',
    'mount secret/ of the Vault server; key payments/db/password',
    'ExternalSecret payments-db last synced 2026-11-23T12:00:00Z',
  ])('leaves what a team needs: %j', text => {
    expect(scrubDetails(text)).toBe(text);
  });
});

describe('failureKind', () => {
  it.each([
    [
      'AccessDeniedException: User: arn:aws:iam::1:role/x is not authorized to perform',
      'access denied',
    ],
    ['HTTP 403 Forbidden: namespaces is forbidden', 'access denied'],
    ['HTTP 401 Unauthorized', 'credentials refused or expired'],
    [
      'ExpiredTokenException: The security token included in the request is expired',
      'credentials refused or expired',
    ],
    ['connect ECONNREFUSED 127.0.0.1:6443', 'unreachable'],
    ['ThrottlingException: Rate exceeded', 'throttled'],
    [
      "ENOENT: no such file or directory, open '/data/dump.json'",
      'source file missing or unreadable',
    ],
    ['something odd', 'failed'],
  ])('%j is %s', (error, kind) => {
    expect(failureKind(error)).toBe(kind);
  });
});
