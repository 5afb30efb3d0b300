import { RULE_IDS } from '@eso-health/plugin-external-secrets-common';
import { z } from 'zod';
import { OverviewQuery } from '../../service/types';
import { parseWith, queryString } from './parseWith';

export const MAX_OVERVIEW_LIMIT = 500;

const schema = z.object({
  cluster: queryString.optional(),
  namespace: queryString.optional(),
  health: z.enum(['healthy', 'warning', 'error', 'unknown']).optional(),
  rule: z.enum(RULE_IDS).optional(),
  owner: queryString.optional(),
  q: z.string().max(200).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_OVERVIEW_LIMIT).default(50),
});

/** GET /v1/overview filters and paging. */
export function parseOverviewRequest(query: unknown): OverviewQuery {
  return parseWith(schema.strict(), query, 'overview request');
}
