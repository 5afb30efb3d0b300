import { SyncRequest } from '@eso-health/plugin-external-secrets-common';
import { z } from 'zod';
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
  })
  .strict();

/** POST /v1/sync body. */
export function parseSyncRequest(body: unknown): SyncRequest {
  return parseWith(schema, body, 'sync request');
}
