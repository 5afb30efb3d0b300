import { fieldMessages } from '../__testUtils__/fieldMessages';
import { problemsOf } from '../model/problems';
import {
  asList,
  checkPolicyStatements,
  checkResourceArn,
  forEachResourceName,
  isIamPolicy,
  ResourceArnRule,
  statementElement,
} from './awsPolicyDocument';

const SECRET: ResourceArnRule = {
  arn: /^arn:(aws):secretsmanager:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):secret:(.+)$/,
  noun: 'secret',
  example: 'arn:aws:secretsmanager:<region>:<account>:secret:<name>-??????',
  kind: 'Secrets Manager secret',
};
const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:a-??????';

describe('isIamPolicy and asList', () => {
  it('knows a policy by its Version and Statement', () => {
    expect(isIamPolicy({ Version: '2012-10-17', Statement: [] })).toBe(true);
    expect(isIamPolicy({ Statement: [] })).toBe(false);
    expect(isIamPolicy({ path: {} })).toBe(false);
  });

  it('takes one value or a list as a list', () => {
    expect(asList('a')).toEqual(['a']);
    expect(asList(['a', 'b'])).toEqual(['a', 'b']);
  });
});

describe('checkPolicyStatements', () => {
  function check(doc: unknown) {
    const seen: string[] = [];
    const problems = checkPolicyStatements(
      doc,
      (statement, base) => seen.push(`${base} ${statement.Sid}`),
      problem => problem('Statement', 'finished'),
    );
    return { seen, problems: fieldMessages(problems) };
  }

  it('hands each statement that is an object to the service, then finishes', () => {
    expect(
      check({
        Version: '2012-10-17',
        Statement: [{ Sid: 'A', Effect: 'Allow' }, 'x', { Sid: 'B' }],
      }),
    ).toEqual({
      seen: ['Statement[0] A', 'Statement[2] B'],
      problems: [
        'Statement[1]: is not an object',
        'Statement[2].Effect: undefined must be "Allow"',
        'Statement: finished',
      ],
    });
    expect(
      check({ Version: '2012-10-17', Statement: { Sid: 'C', Effect: 'Allow' } })
        .seen,
    ).toEqual(['Statement C']);
  });

  it('reports the version, a missing statement and Not* elements', () => {
    expect(check({ Version: '2008-10-17', Statement: [] }).problems).toEqual([
      'Version: "2008-10-17" must be "2012-10-17"',
      'Statement: needs at least one statement',
      'Statement: finished',
    ]);
    expect(
      check({
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', NotAction: 'x', NotResource: 'y' },
      }).problems,
    ).toEqual([
      'Statement.NotAction: must not be used: it grants everything not listed',
      'Statement.NotResource: must not be used: it grants everything not listed',
      'Statement: finished',
    ]);
  });

  it('names the IAM policy, and stops at a document that is no object', () => {
    expect(checkPolicyStatements('x', fail, fail)).toEqual([
      {
        object: 'IAM policy',
        field: '(document)',
        message: 'is not a JSON object',
      },
    ]);
  });

  function fail(): never {
    throw new Error('not called for a document that is no object');
  }
});

describe('statementElement', () => {
  it('lists the values, with the field of each, and reports a missing one', () => {
    const { problems, problem } = problemsOf('IAM policy');
    const list = statementElement(
      { Action: ['a', 'b'] },
      'Action',
      'Statement[0]',
      problem,
    );
    expect(list.values).toEqual(['a', 'b']);
    expect(list.field(1)).toBe('Statement[0].Action[1]');
    const one = statementElement({ Resource: 'r' }, 'Resource', 'S', problem);
    expect(one.values).toEqual(['r']);
    expect(one.field(0)).toBe('S.Resource');
    expect(problems).toEqual([]);
    expect(statementElement({}, 'Resource', 'S', problem).values).toEqual([]);
    expect(fieldMessages(problems)).toEqual(['S.Resource: is missing']);
  });
});

describe('checkResourceArn and forEachResourceName', () => {
  it('returns the name part of a usable ARN, and reports the region and account', () => {
    const { problems, problem } = problemsOf('IAM policy');
    expect(checkResourceArn(ARN, 'R', SECRET, {}, problem)).toBe('a-??????');
    expect(
      checkResourceArn(
        ARN,
        'R',
        SECRET,
        { region: 'us-east-1', accountId: '444455556666' },
        problem,
      ),
    ).toBe('a-??????');
    expect(fieldMessages(problems)).toEqual([
      'R: is in region eu-west-1, but the secret is read from us-east-1',
      'R: is in account 111122223333, but the secret is in 444455556666',
    ]);
  });

  it('refuses "*" and what is not an ARN of the kind', () => {
    const { problems, problem } = problemsOf('IAM policy');
    expect(checkResourceArn('*', 'R', SECRET, {}, problem)).toBeUndefined();
    expect(
      checkResourceArn('arn:aws:s3:::bucket', 'R', SECRET, {}, problem),
    ).toBeUndefined();
    expect(fieldMessages(problems)).toEqual([
      `R: "*" grants every secret of the account: name the secret's ARN (${SECRET.example})`,
      'R: "arn:aws:s3:::bucket" is not a Secrets Manager secret ARN with a fixed partition, region and account',
    ]);
  });

  it('hands on the name and field of each usable resource only', () => {
    const { problems, problem } = problemsOf('IAM policy');
    const names: string[] = [];
    forEachResourceName(
      statementElement({ Resource: [ARN, '*'] }, 'Resource', 'S', problem),
      SECRET,
      {},
      problem,
      (name, field) => names.push(`${field} ${name}`),
    );
    expect(names).toEqual(['S.Resource[0] a-??????']);
    expect(problems.map(p => p.field)).toEqual(['S.Resource[1]']);
  });
});
