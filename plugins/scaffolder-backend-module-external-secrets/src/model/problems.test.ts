import { problemsOf } from './problems';

it('problemsOf collects the problems of one object, naming it in each', () => {
  const { problems, problem } = problemsOf('Vault policy');
  problem('path', 'is missing');
  problem('path["a"]', 'is a glob');
  expect(problems).toEqual([
    { object: 'Vault policy', field: 'path', message: 'is missing' },
    { object: 'Vault policy', field: 'path["a"]', message: 'is a glob' },
  ]);
});
