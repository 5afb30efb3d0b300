import { ruleFields } from '../__testUtils__/fieldMessages';
import {
  CHECKOUT_KMS_KEY_ARN,
  CHECKOUT_PARAMETER,
  CHECKOUT_PARAMETER_ARN,
  validSsmPolicy,
} from '../__testUtils__/pipelineFixtures';
import {
  checkSsmPolicy,
  KMS_KEY_ARN,
  parameterArnName,
  SsmPolicyExpectations,
} from './ssmPolicyRules';

const expected: SsmPolicyExpectations = {
  remoteKeys: [CHECKOUT_PARAMETER],
  region: 'eu-west-1',
  accountId: '111122223333',
};

const fields = ruleFields(checkSsmPolicy, expected);

describe('checkSsmPolicy', () => {
  it('accepts the generated policy, with and without a customer managed key', () => {
    expect(fields(validSsmPolicy())).toEqual([]);
    expect(
      fields(validSsmPolicy(CHECKOUT_KMS_KEY_ARN), {
        kmsKeyArn: CHECKOUT_KMS_KEY_ARN,
      }),
    ).toEqual([]);
  });

  it('names the parameter ARN without the leading slash', () => {
    expect(parameterArnName('/checkout/prod/db')).toBe('checkout/prod/db');
    expect(parameterArnName('checkout-db')).toBe('checkout-db');
  });

  it('accepts a single statement with a single action', () => {
    const policy = validSsmPolicy();
    policy.Statement = { ...policy.Statement[0], Action: 'ssm:GetParameter' };
    expect(fields(policy)).toEqual([]);
  });

  it('refuses every action but GetParameter, GetParameters included', () => {
    const policy = validSsmPolicy();
    policy.Statement[0].Action.push(
      'ssm:GetParameters',
      'ssm:GetParametersByPath',
      'ssm:*',
    );
    expect(fields(policy)).toEqual([
      'Statement[0].Action[1]: "ssm:GetParameters" is not needed: ESO 0.20 reads each key with ssm:GetParameter',
      `Statement[0].Action[2]: "ssm:GetParametersByPath" is not needed: ESO's role needs only ssm:GetParameter on the parameter (and kms:Decrypt on a customer managed key)`,
      `Statement[0].Action[3]: "ssm:*" is not needed: ESO's role needs only ssm:GetParameter on the parameter (and kms:Decrypt on a customer managed key)`,
    ]);
  });

  it.each([
    [
      '*',
      `"*" grants every parameter of the account: name the parameter's ARN (arn:aws:ssm:<region>:<account>:parameter/<name>)`,
    ],
    [
      'arn:aws:ssm:eu-west-1:111122223333:parameter/checkout/*',
      'parameter "checkout/*" has a wildcard: name exactly the parameter ESO reads (parameter/checkout/prod/db)',
    ],
    [
      'arn:aws:ssm:eu-west-1:111122223333:parameter/checkout/prod/d?',
      'parameter "checkout/prod/d?" has a wildcard',
    ],
    [
      'arn:aws:ssm:*:111122223333:parameter/checkout/prod/db',
      'is not a Parameter Store parameter ARN with a fixed partition, region and account',
    ],
    [
      'arn:aws:ssm:eu-west-1:111122223333:parameter/checkout/prod/other',
      'parameter/checkout/prod/other is not a parameter the ExternalSecret reads (parameter/checkout/prod/db)',
    ],
    [
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:checkout/prod/db-??????',
      'is not a Parameter Store parameter ARN',
    ],
  ])('refuses the resource %s', (resource, message) => {
    const policy = validSsmPolicy();
    policy.Statement[0].Resource = resource;
    const found = fields(policy);
    expect(found[0]).toContain(message);
    expect(found[found.length - 1]).toBe(
      'Statement: does not allow ssm:GetParameter on "/checkout/prod/db", which the ExternalSecret reads',
    );
  });

  it('needs the parameter in the store region and account', () => {
    expect(
      fields(validSsmPolicy(), {
        region: 'us-east-1',
        accountId: '444455556666',
      }),
    ).toEqual([
      'Statement[0].Resource: is in region eu-west-1, but the parameter is read from us-east-1',
      'Statement[0].Resource: is in account 111122223333, but the parameter is in 444455556666',
    ]);
  });

  it('refuses Deny and Not* statements', () => {
    const policy = validSsmPolicy();
    policy.Statement.push({
      Effect: 'Deny',
      NotResource: CHECKOUT_PARAMETER_ARN,
      Action: 'ssm:GetParameter',
    });
    expect(fields(policy).map(f => f.split(': ')[0])).toEqual([
      'Statement[1].NotResource',
      'Statement[1].Effect',
      'Statement[1].Resource',
    ]);
  });

  describe('kms:Decrypt', () => {
    it('is refused without a customer managed key: aws/ssm needs no grant', () => {
      expect(fields(validSsmPolicy(CHECKOUT_KMS_KEY_ARN))).toEqual([
        'Statement[1].Action[0]: "kms:Decrypt" is not needed: String parameters and SecureStrings under the AWS managed key aws/ssm need no KMS grant; it is only for a SecureString under a customer managed key (give its ARN)',
        `Statement[1].Resource: "${CHECKOUT_KMS_KEY_ARN}" is not the parameter's KMS key`,
      ]);
    });

    it('is needed with a customer managed key', () => {
      expect(
        fields(validSsmPolicy(), { kmsKeyArn: CHECKOUT_KMS_KEY_ARN }),
      ).toEqual([
        `Statement: does not allow kms:Decrypt on ${CHECKOUT_KMS_KEY_ARN} for the parameter read, which its SecureString value is encrypted with`,
      ]);
    });

    it('must be on that key only, and bound to the parameter by the encryption context', () => {
      const policy = validSsmPolicy(CHECKOUT_KMS_KEY_ARN);
      policy.Statement[1].Resource = ['*', CHECKOUT_KMS_KEY_ARN];
      policy.Statement[1].Condition.StringEquals[
        'kms:EncryptionContext:PARAMETER_ARN'
      ] = 'arn:aws:ssm:eu-west-1:111122223333:parameter/checkout/prod/other';
      expect(fields(policy, { kmsKeyArn: CHECKOUT_KMS_KEY_ARN })).toEqual([
        `Statement[1].Resource[0]: "*" lets the role decrypt with every key it may use: name the parameter's key (${CHECKOUT_KMS_KEY_ARN})`,
        'Statement[1].Condition.StringEquals["kms:EncryptionContext:PARAMETER_ARN"]: "arn:aws:ssm:eu-west-1:111122223333:parameter/checkout/prod/other" is not the ARN of a parameter the ExternalSecret reads (parameter/checkout/prod/db)',
        `Statement: does not allow kms:Decrypt on ${CHECKOUT_KMS_KEY_ARN} for the parameter read, which its SecureString value is encrypted with`,
      ]);
      delete policy.Statement[1].Condition;
      policy.Statement[1].Resource = CHECKOUT_KMS_KEY_ARN;
      expect(fields(policy, { kmsKeyArn: CHECKOUT_KMS_KEY_ARN })).toEqual([
        'Statement[1].Condition: needs StringEquals "kms:EncryptionContext:PARAMETER_ARN" with the parameter\'s ARN: without it the role may decrypt anything encrypted under the key',
        `Statement: does not allow kms:Decrypt on ${CHECKOUT_KMS_KEY_ARN} for the parameter read, which its SecureString value is encrypted with`,
      ]);
    });

    it('must have its own statement', () => {
      const policy = validSsmPolicy();
      policy.Statement[0].Action.push('kms:Decrypt');
      expect(fields(policy, { kmsKeyArn: CHECKOUT_KMS_KEY_ARN })).toEqual([
        'Statement[0].Action: mixes ssm:GetParameter and kms:Decrypt: give kms:Decrypt its own statement on the KMS key, so neither action reaches the other resource',
        'Statement: does not allow ssm:GetParameter on "/checkout/prod/db", which the ExternalSecret reads',
        `Statement: does not allow kms:Decrypt on ${CHECKOUT_KMS_KEY_ARN} for the parameter read, which its SecureString value is encrypted with`,
      ]);
    });
  });

  it('knows KMS key ARNs, multi-Region keys included, and no aliases', () => {
    expect(KMS_KEY_ARN.test(CHECKOUT_KMS_KEY_ARN)).toBe(true);
    expect(
      KMS_KEY_ARN.test(
        'arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab',
      ),
    ).toBe(true);
    expect(
      KMS_KEY_ARN.test('arn:aws:kms:eu-west-1:111122223333:alias/checkout'),
    ).toBe(false);
  });

  it('needs the 2012-10-17 policy language and statements', () => {
    expect(fields({ Version: '2008-10-17', Statement: [] })).toEqual([
      'Version: "2008-10-17" must be "2012-10-17"',
      'Statement: needs at least one statement',
      'Statement: does not allow ssm:GetParameter on "/checkout/prod/db", which the ExternalSecret reads',
    ]);
    expect(fields([])).toEqual(['(document): is not a JSON object']);
  });
});
