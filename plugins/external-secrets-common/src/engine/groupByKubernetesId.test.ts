import { ExternalSecretStatus } from '../types/report';
import { groupByKubernetesId } from './groupByKubernetesId';
import { EvaluatedExternalSecret } from './types';

const evaluated = (
  name: string,
  health: ExternalSecretStatus['health'],
  labelSets: Record<string, string>[],
): EvaluatedExternalSecret => ({
  status: { name, health } as ExternalSecretStatus,
  claim: { namespace: 'ns', labelSets },
});

const ID = 'backstage.io/kubernetes-id';

describe('groupByKubernetesId', () => {
  it('groups by id from any label set, lists shared ESs under each, and keeps the rest unassigned', () => {
    const a = evaluated('a', 'healthy', [{ [ID]: 'payments' }]);
    const b = evaluated('b', 'error', [
      {},
      { [ID]: 'payments' },
      { [ID]: 'checkout' },
    ]);
    const c = evaluated('c', 'warning', [{ app: 'x' }]);
    const d = evaluated('d', 'unknown', [
      { [ID]: 'checkout' },
      { [ID]: 'checkout' },
    ]);
    const result = groupByKubernetesId([a, b, c, d]);
    expect(
      result.services.map(s => [
        s.id,
        s.health,
        s.externalSecrets.map(es => es.name),
      ]),
    ).toEqual([
      ['checkout', 'error', ['b', 'd']],
      ['payments', 'error', ['a', 'b']],
    ]);
    expect(result.unassigned.map(es => es.name)).toEqual(['c']);
  });

  it('ignores empty ids and handles no input', () => {
    expect(
      groupByKubernetesId([evaluated('a', 'healthy', [{ [ID]: '' }])])
        .unassigned,
    ).toHaveLength(1);
    expect(groupByKubernetesId([])).toEqual({ services: [], unassigned: [] });
  });
});
