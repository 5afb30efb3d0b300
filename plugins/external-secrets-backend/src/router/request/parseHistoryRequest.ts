import { z } from 'zod';
import { HistoryQuery } from '../../service/types';
import {
  kubernetesName,
  kubernetesNamespace,
  parseWith,
  queryString,
} from './parseWith';

const schema = z
  .object({
    cluster: queryString,
    namespace: kubernetesNamespace,
    name: kubernetesName,
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

/** GET /v1/history?cluster=&namespace=&name=&limit= */
export function parseHistoryRequest(query: unknown): HistoryQuery {
  return parseWith(schema, query, 'history request');
}
