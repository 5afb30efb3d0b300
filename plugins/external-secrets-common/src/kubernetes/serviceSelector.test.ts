import { claimKubernetesIds, ClaimLabels } from './serviceSelector';
import {
  claimMatchesSelector,
  labelsMatch,
  parseLabelSelector,
  parseServiceSelector,
} from './serviceSelector';

describe('parseLabelSelector', () => {
  it.each([
    ['app=api', [{ key: 'app', operator: '=', values: ['api'] }]],
    ['app==api', [{ key: 'app', operator: '=', values: ['api'] }]],
    ['app!=api', [{ key: 'app', operator: '!=', values: ['api'] }]],
    ['app=', [{ key: 'app', operator: '=', values: [''] }]],
    [
      'env in (prod, staging),tier notin (cache)',
      [
        { key: 'env', operator: 'in', values: ['prod', 'staging'] },
        { key: 'tier', operator: 'notin', values: ['cache'] },
      ],
    ],
    ['app', [{ key: 'app', operator: 'exists', values: [] }]],
    ['!canary', [{ key: 'canary', operator: '!', values: [] }]],
    ['replicas>2', [{ key: 'replicas', operator: 'gt', values: ['2'] }]],
    ['replicas < 5', [{ key: 'replicas', operator: 'lt', values: ['5'] }]],
    [
      ' backstage.io/kubernetes-id = payments , app.kubernetes.io/part-of in (shop) ',
      [
        {
          key: 'backstage.io/kubernetes-id',
          operator: '=',
          values: ['payments'],
        },
        { key: 'app.kubernetes.io/part-of', operator: 'in', values: ['shop'] },
      ],
    ],
    ['', []],
  ])('parses %j', (selector, requirements) => {
    expect(parseLabelSelector(selector)).toEqual(requirements);
  });

  it.each([
    'app=api=x',
    'app in prod',
    'app in (prod',
    'app notin',
    ',app',
    'app,',
    'app = -bad-',
    '=api',
    'app>x',
    'a b',
    'bad key!=x',
    '-key',
  ])('rejects %j', selector => {
    expect(() => parseLabelSelector(selector)).toThrow();
  });
});

describe('labelsMatch', () => {
  const labels = { app: 'api', env: 'prod', replicas: '3' };
  it.each([
    ['app=api', true],
    ['app=web', false],
    ['app!=web', true],
    ['missing!=x', true],
    ['env in (prod,staging)', true],
    ['env notin (prod)', false],
    ['missing notin (prod)', true],
    ['missing in (prod)', false],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['replicas>2', true],
    ['replicas<3', false],
    ['app>1', false],
    ['app=api,env=dev', false],
    ['app=api,env=prod', true],
    ['', true],
  ])('%j → %s', (selector, expected) => {
    expect(labelsMatch(labels, parseLabelSelector(selector))).toBe(expected);
  });
});

describe('parseServiceSelector', () => {
  it('returns undefined without selector annotations', () => {
    expect(parseServiceSelector(undefined)).toBeUndefined();
    expect(parseServiceSelector({})).toBeUndefined();
    expect(
      parseServiceSelector({ 'backstage.io/kubernetes-namespace': 'shop' }),
    ).toBeUndefined();
    expect(
      parseServiceSelector({ 'backstage.io/kubernetes-id': '  ' }),
    ).toBeUndefined();
  });

  it('builds a label requirement from kubernetes-id', () => {
    expect(
      parseServiceSelector({ 'backstage.io/kubernetes-id': 'payments' }),
    ).toEqual({
      labelSelector: 'backstage.io/kubernetes-id=payments',
      requirements: [
        {
          key: 'backstage.io/kubernetes-id',
          operator: '=',
          values: ['payments'],
        },
      ],
    });
  });

  it('prefers the label selector over the id, and keeps the namespace', () => {
    expect(
      parseServiceSelector({
        'backstage.io/kubernetes-id': 'payments',
        'backstage.io/kubernetes-label-selector': 'app=api',
        'backstage.io/kubernetes-namespace': 'shop',
      }),
    ).toEqual({
      labelSelector: 'app=api',
      requirements: [{ key: 'app', operator: '=', values: ['api'] }],
      namespace: 'shop',
    });
  });

  it('reports a malformed label selector instead of throwing', () => {
    const selector = parseServiceSelector({
      'backstage.io/kubernetes-label-selector': 'app in prod',
    });
    expect(selector?.error).toMatch(
      /^Invalid backstage.io\/kubernetes-label-selector "app in prod": /,
    );
    expect(
      claimMatchesSelector({ namespace: 'x', labelSets: [{}] }, selector!),
    ).toBe(false);
  });
});

describe('claimMatchesSelector', () => {
  const selector = parseServiceSelector({
    'backstage.io/kubernetes-id': 'payments',
  })!;
  it('matches when any label set matches', () => {
    const claim: ClaimLabels = {
      namespace: 'shop',
      labelSets: [{ app: 'es' }, { 'backstage.io/kubernetes-id': 'payments' }],
    };
    expect(claimMatchesSelector(claim, selector)).toBe(true);
    expect(
      claimMatchesSelector(
        { namespace: 'shop', labelSets: [{ app: 'es' }] },
        selector,
      ),
    ).toBe(false);
    expect(
      claimMatchesSelector({ namespace: 'shop', labelSets: [] }, selector),
    ).toBe(false);
  });

  it('requires the namespace when the selector sets one', () => {
    const claim = {
      namespace: 'shop',
      labelSets: [{ 'backstage.io/kubernetes-id': 'payments' }],
    };
    expect(
      claimMatchesSelector(claim, { ...selector, namespace: 'shop' }),
    ).toBe(true);
    expect(
      claimMatchesSelector(claim, { ...selector, namespace: 'other' }),
    ).toBe(false);
  });
});

// The one extraction of kubernetes-ids: the read model's per-id lists and the CLI's grouping.
describe('claimKubernetesIds', () => {
  it('collects the non-empty kubernetes-id labels of every label set once', () => {
    expect([
      ...claimKubernetesIds({
        namespace: 'shop',
        labelSets: [
          { 'backstage.io/kubernetes-id': 'checkout' },
          { app: 'x', 'backstage.io/kubernetes-id': '' },
          { 'backstage.io/kubernetes-id': 'checkout' },
          { 'backstage.io/kubernetes-id': 'payments' },
        ],
      }),
    ]).toEqual(['checkout', 'payments']);
  });
});
