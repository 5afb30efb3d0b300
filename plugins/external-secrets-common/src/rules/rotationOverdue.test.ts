import { DEFAULT_THRESHOLDS } from './thresholds';
import { awsSecret, before, context, providerWith } from './testContext';
import { rotationOverdue } from './rotationOverdue';

const limit = DEFAULT_THRESHOLDS.rotationOverdueSeconds;

describe('rotation-overdue', () => {
  it.each([
    ['due in the future', -60, false],
    ['just under the threshold', limit - 1, false],
    ['exactly at the threshold', limit, false],
    ['just over the threshold', limit + 1, true],
  ])('%s → %s', (_label, overdue, fires) => {
    const secret = awsSecret({
      rotationEnabled: true,
      nextRotationDate: before(overdue),
    });
    expect(
      rotationOverdue(context({ provider: providerWith(secret) })),
    ).toHaveLength(fires ? 1 : 0);
  });

  it('words the finding', () => {
    const secret = awsSecret({
      rotationEnabled: true,
      nextRotationDate: before(3 * 3600),
    });
    expect(
      rotationOverdue(context({ provider: providerWith(secret) })),
    ).toEqual([
      {
        rule: 'rotation-overdue',
        severity: 'warning',
        message: `Rotation of AWS secret "prod/payments/db" was due at ${before(
          3 * 3600,
        )} (3h ago) but has not happened (AWS data as of ${before(
          60,
        )}, 1m ago): its rotation is failing or stuck.`,
        remedy:
          "Check the rotation function's CloudWatch logs, then retry: aws secretsmanager rotate-secret --secret-id arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/payments/db-AbCdEf --region eu-west-1",
      },
    ]);
  });

  it('uses the configured threshold', () => {
    const secret = awsSecret({
      rotationEnabled: true,
      nextRotationDate: before(120),
    });
    const thresholds = { ...DEFAULT_THRESHOLDS, rotationOverdueSeconds: 60 };
    expect(
      rotationOverdue(context({ provider: providerWith(secret), thresholds })),
    ).toHaveLength(1);
  });

  it.each([
    [
      'rotation disabled',
      { rotationEnabled: false, nextRotationDate: before(86400) },
    ],
    ['rotation unknown', { nextRotationDate: before(86400) }],
    ['no next date', { rotationEnabled: true, nextRotationDate: null }],
    [
      'pending deletion',
      {
        rotationEnabled: true,
        nextRotationDate: before(86400),
        deletedDate: before(10),
      },
    ],
  ])('stays silent with %s', (_label, overrides) => {
    expect(
      rotationOverdue(
        context({ provider: providerWith(awsSecret(overrides)) }),
      ),
    ).toEqual([]);
  });
});
