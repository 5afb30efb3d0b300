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

  it('tells connection, timeout and TLS failures apart', () => {
    const refused = Object.assign(
      new Error('request failed, reason: connect ECONNREFUSED'),
      {
        type: 'system',
        code: 'ECONNREFUSED',
      },
    );
    expect(describeKubeError(refused)).toMatchObject({
      type: 'unreachable',
      code: 'ECONNREFUSED',
    });
    expect(
      describeKubeError(
        Object.assign(new Error('aborted'), { name: 'AbortError' }),
      ),
    ).toMatchObject({
      type: 'unreachable',
      code: 'timeout',
    });
    const tls = Object.assign(
      new Error('self-signed certificate in certificate chain'),
      {
        type: 'system',
        code: 'SELF_SIGNED_CERT_IN_CHAIN',
      },
    );
    expect(describeKubeError(tls)).toMatchObject({
      type: 'tls',
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
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
