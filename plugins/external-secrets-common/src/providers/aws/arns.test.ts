import { parseSecretArn } from './arns';

const arn = (region: string, name: string) =>
  `arn:aws:secretsmanager:${region}:111122223333:secret:${name}-AbC123`;

describe('parseSecretArn', () => {
  it('reads the region, account and name', () => {
    expect(parseSecretArn(arn('eu-west-1', 'a/b'))).toEqual({
      region: 'eu-west-1',
      account: '111122223333',
      name: 'a/b-AbC123',
    });
    expect(
      parseSecretArn(
        'arn:aws-us-gov:secretsmanager:us-gov-west-1:111122223333:secret:x-AbC123',
      )?.region,
    ).toBe('us-gov-west-1');
    expect(parseSecretArn('not-an-arn')).toBeUndefined();
  });
});
