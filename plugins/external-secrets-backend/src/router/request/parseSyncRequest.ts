import { SyncRequest } from '@eso-health/plugin-external-secrets-common';
import { externalSecretRef, parseWith } from './parseWith';

const schema = externalSecretRef.strict();

/** POST /v1/sync body. */
export function parseSyncRequest(body: unknown): SyncRequest {
  return parseWith(schema, body, 'sync request');
}
