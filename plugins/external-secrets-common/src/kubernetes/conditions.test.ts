import { readReadyCondition } from './conditions';

describe('readReadyCondition', () => {
  it('reads the Ready condition among others', () => {
    const object = {
      status: {
        conditions: [
          { type: 'Deleted', status: 'False' },
          {
            type: 'Ready',
            status: 'False',
            reason: 'SecretSyncedError',
            message: 'could not get secret data from provider',
            lastTransitionTime: '2024-05-01T10:00:00Z',
          },
        ],
      },
    };
    expect(readReadyCondition(object)).toEqual({
      status: 'False',
      reason: 'SecretSyncedError',
      message: 'could not get secret data from provider',
      lastTransitionTime: '2024-05-01T10:00:00Z',
    });
  });

  it('reads a ClusterExternalSecret condition without reason', () => {
    expect(
      readReadyCondition({
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      }),
    ).toEqual({
      status: 'True',
      reason: null,
      message: null,
      lastTransitionTime: null,
    });
  });

  it('maps an unexpected status to Unknown', () => {
    expect(
      readReadyCondition({
        status: { conditions: [{ type: 'Ready', status: 'yes' }] },
      })?.status,
    ).toBe('Unknown');
  });

  it.each([
    undefined,
    null,
    'garbage',
    {},
    { status: null },
    { status: { conditions: 'nope' } },
    { status: { conditions: [null, 3, { type: 'Other', status: 'True' }] } },
  ])('returns null without a Ready condition: %j', object => {
    expect(readReadyCondition(object)).toBeNull();
  });
});
