import { z } from 'zod';
import { HistoryQuery } from '../../service/types';
import { externalSecretRef, parseWith } from './parseWith';

const schema = externalSecretRef
  .extend({ limit: z.coerce.number().int().min(1).max(1000).default(100) })
  .strict();

/** GET /v1/history?cluster=&namespace=&name=&limit= */
export function parseHistoryRequest(query: unknown): HistoryQuery {
  return parseWith(schema, query, 'history request');
}
