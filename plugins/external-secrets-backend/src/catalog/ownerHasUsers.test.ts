import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ownerHasUsers } from './ownerHasUsers';

function entity(
  kind: string,
  name: string,
  relations: Array<[string, string]> = [],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: {},
    relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
  };
}

const ledger = entity('Component', 'ledger', [
  ['ownedBy', 'group:default/team-ledger'],
]);

async function reaches(entities: Entity[], ref = 'component:default/ledger') {
  return ownerHasUsers(
    catalogServiceMock({ entities }),
    mockServices.auth(),
    ref,
  );
}

describe('ownerHasUsers', () => {
  it('is true for a group owner with a user member', async () => {
    const team = entity('Group', 'team-ledger', [
      ['hasMember', 'user:default/guest'],
    ]);
    expect(await reaches([ledger, team])).toBe(true);
  });

  it('is true for a user owner, without looking the user up', async () => {
    const owned = entity('Component', 'ledger', [
      ['ownedBy', 'user:default/alice'],
    ]);
    expect(await reaches([owned])).toBe(true);
  });

  it('follows child groups to their members', async () => {
    const parent = entity('Group', 'team-ledger', [
      ['parentOf', 'group:default/ledger-oncall'],
    ]);
    const child = entity('Group', 'ledger-oncall', [
      ['childOf', 'group:default/team-ledger'],
      ['hasMember', 'user:default/bob'],
    ]);
    expect(await reaches([ledger, parent, child])).toBe(true);
  });

  it('is false while the group has no members yet, or the owner is not in the catalog', async () => {
    expect(await reaches([ledger, entity('Group', 'team-ledger')])).toBe(false);
    expect(await reaches([ledger])).toBe(false);
    expect(await reaches([])).toBe(false);
  });

  it('stops on a cycle of groups', async () => {
    const a = entity('Group', 'team-ledger', [['parentOf', 'group:default/b']]);
    const b = entity('Group', 'b', [['parentOf', 'group:default/team-ledger']]);
    expect(await reaches([ledger, a, b])).toBe(false);
  });
});
