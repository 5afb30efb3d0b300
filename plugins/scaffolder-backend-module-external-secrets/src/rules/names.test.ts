import {
  checkAwsRegion,
  checkAwsSecretName,
  checkDnsLabel,
  checkDnsSubdomain,
  checkEnvName,
  checkParameterName,
  checkSecretDataKey,
  earlierUseOfName,
} from './names';

describe('name rules', () => {
  it.each(['DB_PASSWORD', '_X', 'a1', 'A'])('accepts env name %s', name => {
    expect(checkEnvName(name)).toBeUndefined();
  });

  it.each(['1DB', 'DB-PASSWORD', 'DB PASSWORD', 'DB.PASSWORD', '', 'É'])(
    'refuses env name %j, saying why',
    name => {
      expect(checkEnvName(name)).toMatch(
        /is not a valid environment variable name: use letters, digits and _, not starting with a digit/,
      );
    },
  );

  it('checks Secret keys', () => {
    expect(checkSecretDataKey('db-password.txt')).toBeUndefined();
    expect(checkSecretDataKey('DB_USER')).toBeUndefined();
    expect(checkSecretDataKey('a/b')).toMatch(/is not a valid Secret key/);
    expect(checkSecretDataKey('..')).toMatch(/is not a valid Secret key/);
    expect(checkSecretDataKey('x'.repeat(254))).toMatch(/at most 253/);
  });

  it('checks Kubernetes names', () => {
    expect(checkDnsLabel('checkout-db')).toBeUndefined();
    expect(checkDnsLabel('a'.repeat(63))).toBeUndefined();
    expect(checkDnsLabel(42)).toMatch(/^42 is not a valid name/);
    expect(checkDnsSubdomain(`a.${'b'.repeat(251)}`)).toBeUndefined();
    expect(checkDnsSubdomain(`a.${'b'.repeat(252)}`)).toMatch(/at most 253/);
    expect(checkDnsLabel('Checkout')).toMatch(/lower-case/);
    expect(checkDnsLabel('a'.repeat(64))).toMatch(/at most 63/);
    expect(checkDnsLabel('-a')).toBeDefined();
    expect(checkDnsSubdomain('aws.prod-1')).toBeUndefined();
    expect(checkDnsSubdomain('aws_prod')).toMatch(
      /not a valid Kubernetes name/,
    );
  });

  it('checks AWS secret names, including the ARN suffix AWS reserves', () => {
    expect(checkAwsSecretName('checkout/prod/db')).toBeUndefined();
    expect(checkAwsSecretName('checkout/prod/db_backup')).toBeUndefined();
    expect(checkAwsSecretName('checkout/prod/db-backup')).toBe(
      '"checkout/prod/db-backup" ends with \'-\' and six characters, which AWS reserves for the random suffix of secret ARNs: rename it (e.g. checkout/prod/db_backup)',
    );
    expect(checkAwsSecretName('checkout prod')).toMatch(
      /not a valid AWS Secrets Manager name/,
    );
    expect(
      checkAwsSecretName('arn:aws:secretsmanager:eu-west-1:1:secret:x'),
    ).toBeDefined();
    expect(checkAwsSecretName('/checkout/db')).toMatch(/not an ARN or a path/);
    expect(checkAwsSecretName('x'.repeat(513))).toBeDefined();
  });

  it('checks AWS regions', () => {
    expect(checkAwsRegion('eu-west-1')).toBeUndefined();
    expect(checkAwsRegion('us-gov-west-1')).toBeUndefined();
    expect(checkAwsRegion('europe')).toBe(
      '"europe" is not an AWS region such as eu-west-1',
    );
  });

  it('checks Parameter Store names', () => {
    expect(checkParameterName('/checkout/prod/db')).toBeUndefined();
    expect(checkParameterName('/Checkout_1/prod.eu/db-x')).toBeUndefined();
    for (const bad of [
      'checkout/prod/db',
      '/checkout//db',
      '/checkout/',
      '/a b',
      '/a*',
      '',
    ]) {
      expect(checkParameterName(bad)).toMatch(/is not a Parameter Store name/);
    }
    expect(checkParameterName(`/${'a/'.repeat(15)}b`)).toMatch(
      /has more than 15 levels/,
    );
    expect(checkParameterName(`/${'a'.repeat(1011)}`)).toBe(
      'is 1012 characters long; Parameter Store allows at most 1011',
    );
    expect(checkParameterName('/AWS/prod/db')).toBe(
      '"/AWS/prod/db" begins with "aws" or "ssm", which Parameter Store reserves',
    );
    expect(checkParameterName('/ssmtools/db')).toMatch(/reserves/);
  });
});

describe('earlierUseOfName', () => {
  it('gives the index of the entry that used a name first, for each later use', () => {
    const earlierUse = earlierUseOfName();
    expect(
      ['a', 'b', 'a', undefined, 'b', 'a', 7, 7].map((name, index) =>
        earlierUse(name, index),
      ),
    ).toEqual([undefined, undefined, 0, undefined, 1, 0, undefined, undefined]);
  });

  it('starts afresh for each list', () => {
    earlierUseOfName()('a', 0);
    expect(earlierUseOfName()('a', 3)).toBeUndefined();
  });
});
