import { AuthService } from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  RELATION_HAS_MEMBER,
  RELATION_OWNED_BY,
  RELATION_PARENT_OF,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

const isUser = (ref: string) => parseEntityRef(ref).kind === 'user';

/** Nested teams deeper than this are not followed (the catalog would have to be cyclic). */
const MAX_DEPTH = 8;

/**
 * Whether the catalog routes a notification for this entity to at least one user: its owner is
 * a user, or a group with a user member (directly or in a child group), as the notifications
 * backend's default resolver routes an `entity` recipient. While a catalog is still processing
 * (a portal that just started: the groups have no members yet) this is false, and a
 * notification sent then would reach nobody.
 */
export async function ownerHasUsers(
  catalog: CatalogService,
  auth: AuthService,
  entityRef: string,
): Promise<boolean> {
  const credentials = await auth.getOwnServiceCredentials();
  const seen = new Set([entityRef]);
  let refs = [entityRef];
  for (let depth = 0; refs.length && depth < MAX_DEPTH; depth++) {
    if (refs.some(isUser)) return true;
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: refs, fields: ['kind', 'metadata', 'relations'] },
      { credentials },
    );
    const next: string[] = [];
    for (const entity of items) {
      if (!entity) continue;
      const kind = entity.kind.toLocaleLowerCase('en-US');
      const relations = entity.relations ?? [];
      if (kind === 'user') return true;
      for (const { type, targetRef } of relations) {
        if (
          kind === 'group' &&
          type === RELATION_HAS_MEMBER &&
          isUser(targetRef)
        )
          return true;
        const follow =
          kind === 'group'
            ? type === RELATION_PARENT_OF
            : type === RELATION_OWNED_BY;
        if (follow && !seen.has(targetRef)) {
          seen.add(targetRef);
          next.push(targetRef);
        }
      }
    }
    refs = next;
  }
  return false;
}
