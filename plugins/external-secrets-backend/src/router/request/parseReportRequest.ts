import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';
import { parseWith, queryString } from './parseWith';

const schema = z.object({
  entityRef: queryString.refine(value => {
    try {
      parseEntityRef(value);
      return true;
    } catch {
      return false;
    }
  }, 'must be an entity reference with a kind, such as component:default/my-service'),
});

/** GET /v1/report?entityRef=… → the normalised entity reference. */
export function parseReportRequest(query: unknown): { entityRef: string } {
  const { entityRef } = parseWith(schema, query, 'report request');
  return { entityRef: stringifyEntityRef(parseEntityRef(entityRef)) };
}
