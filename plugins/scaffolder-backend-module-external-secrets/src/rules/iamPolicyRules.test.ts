import { ruleFields } from '../__testUtils__/fieldMessages';
import { validIamPolicy } from '../__testUtils__/pipelineFixtures';
import { checkIamPolicy, IamPolicyExpectations } from './iamPolicyRules';

const expected: IamPolicyExpectations = {
  remoteKeys: ['checkout/prod/db'],
  region: 'eu-west-1',
};

const fields = ruleFields(checkIamPolicy, expected);

describe('checkIamPolicy', () => {
  it('accepts the generated policy', () => {
    expect(fields(validIamPolicy())).toEqual([]);
  });

  it('accepts a fixed prefix and single statements', () => {
    const policy = validIamPolicy();
    policy.Statement = {
      ...policy.Statement[0],
      Action: 'secretsmanager:GetSecretValue',
      Resource: [
        'arn:aws:secretsmanager:eu-west-1:111122223333:secret:checkout/prod/*',
      ],
    };
    expect(fields(policy)).toEqual([]);
  });

  it('never accepts Resource "*"', () => {
    const policy = validIamPolicy();
    policy.Statement[0].Resource = '*';
    expect(fields(policy)).toEqual([
      `Statement[0].Resource: "*" grants every secret of the account: name the secret's ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-??????)`,
      'Statement: does not allow secretsmanager:GetSecretValue on "checkout/prod/db", which the ExternalSecret reads',
    ]);
  });

  it.each([
    [
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:*',
      'secret name "*"',
    ],
    [
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:checkout/*/db-??????',
      'secret name "checkout/*/db-??????"',
    ],
    [
      'arn:aws:secretsmanager:*:111122223333:secret:checkout/prod/db-??????',
      'is not a Secrets Manager secret ARN',
    ],
    [
      'arn:aws:secretsmanager:eu-west-1:*:secret:checkout/prod/db-??????',
      'is not a Secrets Manager secret ARN',
    ],
    ['arn:aws:s3:::bucket/*', 'is not a Secrets Manager secret ARN'],
  ])('refuses the wildcard resource %s', (resource, message) => {
    const policy = validIamPolicy();
    policy.Statement[0].Resource = resource;
    expect(fields(policy)[0]).toContain(message);
  });

  it('refuses actions ESO does not need, and Deny or Not* statements', () => {
    const policy = validIamPolicy();
    policy.Statement[0].Action.push('secretsmanager:*', 'kms:Decrypt');
    policy.Statement.push({
      Effect: 'Deny',
      NotAction: 'secretsmanager:GetSecretValue',
      Resource: policy.Statement[0].Resource,
    });
    expect(fields(policy).map(f => f.split(': ')[0])).toEqual([
      'Statement[0].Action[2]',
      'Statement[0].Action[3]',
      'Statement[1].NotAction',
      'Statement[1].Effect',
      'Statement[1].Action',
    ]);
  });

  it('needs every remote key to be readable, in the store region and account', () => {
    expect(
      fields(validIamPolicy(), {
        remoteKeys: ['checkout/prod/db', 'checkout/prod/redis'],
        region: 'us-east-1',
      }),
    ).toEqual([
      'Statement[0].Resource: is in region eu-west-1, but the secret is read from us-east-1',
      'Statement: does not allow secretsmanager:GetSecretValue on "checkout/prod/redis", which the ExternalSecret reads',
    ]);
    expect(fields(validIamPolicy(), { accountId: '444455556666' })).toEqual([
      'Statement[0].Resource: is in account 111122223333, but the secret is in 444455556666',
    ]);
    const describeOnly = validIamPolicy();
    describeOnly.Statement[0].Action = ['secretsmanager:DescribeSecret'];
    expect(fields(describeOnly)).toEqual([
      'Statement: does not allow secretsmanager:GetSecretValue on "checkout/prod/db", which the ExternalSecret reads',
    ]);
  });

  it('needs the 2012-10-17 policy language and statements', () => {
    expect(fields({ Version: '2008-10-17', Statement: [] })).toEqual([
      'Version: "2008-10-17" must be "2012-10-17"',
      'Statement: needs at least one statement',
      'Statement: does not allow secretsmanager:GetSecretValue on "checkout/prod/db", which the ExternalSecret reads',
    ]);
  });
});
