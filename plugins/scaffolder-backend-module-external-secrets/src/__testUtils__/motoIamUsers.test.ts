import { accessOutcome } from './motoIamUsers';

describe('accessOutcome', () => {
  it('tells an allowed call from a denied one, by error name or HTTP status', async () => {
    expect(await accessOutcome(Promise.resolve({}))).toBe('allowed');
    for (const error of [
      { name: 'AccessDeniedException' },
      { name: 'AccessDenied' },
      { name: 'SyntaxError', $metadata: { httpStatusCode: 403 } },
    ]) {
      expect(await accessOutcome(Promise.reject(error))).toBe('access-denied');
    }
  });

  it('describes anything else with its name, status and first line', async () => {
    expect(
      await accessOutcome(
        Promise.reject({
          name: 'ResourceNotFoundException',
          message: 'not found\nmore',
          $metadata: { httpStatusCode: 400 },
        }),
      ),
    ).toBe('ResourceNotFoundException (HTTP 400): not found');
  });
});
