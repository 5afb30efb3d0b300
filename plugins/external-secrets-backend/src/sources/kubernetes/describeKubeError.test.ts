import { ApiException } from '@kubernetes/client-node';
import { describeKubeError } from './describeKubeError';

describe('describeKubeError', () => {
  it('reads HTTP status and the Kubernetes Status message of an ApiException', () => {
    const error = new ApiException(
      403,
      'Forbidden',
      { kind: 'Status', message: 'secrets is forbidden' },
      {},
    );
    expect(describeKubeError(error)).toEqual({
      type: 'forbidden',
      status: 403,
      detail: 'secrets is forbidden',
    });
    expect(
      describeKubeError(new ApiException(401, 'Unauthorized', '', {})),
    ).toMatchObject({ type: 'unauthorized' });
    expect(
      describeKubeError(new ApiException(404, 'Not Found', '', {})),
    ).toMatchObject({ type: 'not-found' });
    expect(
      describeKubeError(new ApiException(410, 'Gone', '', {})),
    ).toMatchObject({ type: 'gone' });
    expect(describeKubeError(new ApiException(500, 'x', 'oops', {}))).toEqual({
      type: 'http',
      status: 500,
      detail: 'Internal Server Error',
    });
  });

  it('reads the statusCode of a Watch error', () => {
    expect(
      describeKubeError(
        Object.assign(new Error('Forbidden'), { statusCode: 403 }),
      ),
    ).toMatchObject({
      type: 'forbidden',
      status: 403,
    });
  });

  /** A Node.js system error, as fetch reports a failed connection. */
  const systemError = (message: string, code: string) =>
    Object.assign(new Error(message), { type: 'system', code });

  it.each([
    [
      'a refused connection',
      systemError(
        'request failed, reason: connect ECONNREFUSED',
        'ECONNREFUSED',
      ),
      { type: 'unreachable', code: 'ECONNREFUSED' },
    ],
    [
      'a timeout',
      Object.assign(new Error('aborted'), { name: 'AbortError' }),
      { type: 'unreachable', code: 'timeout' },
    ],
    [
      'a TLS failure',
      systemError(
        'self-signed certificate in certificate chain',
        'SELF_SIGNED_CERT_IN_CHAIN',
      ),
      { type: 'tls', code: 'SELF_SIGNED_CERT_IN_CHAIN' },
    ],
  ])('tells %s apart', (_, error, expected) => {
    expect(describeKubeError(error)).toMatchObject(expected);
  });

  it('describes anything else by its message', () => {
    expect(describeKubeError(new Error('boom'))).toEqual({
      type: 'other',
      detail: 'boom',
    });
    expect(describeKubeError(undefined)).toEqual({
      type: 'other',
      detail: 'undefined',
    });
  });
});
