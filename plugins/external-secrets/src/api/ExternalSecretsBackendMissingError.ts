import { CustomErrorBase } from '@backstage/errors';

/**
 * A 404 without a Backstage error body: the request reached no external-secrets router,
 * so the backend plugin is not installed (or not reachable under /api/external-secrets).
 *
 * @public
 */
export class ExternalSecretsBackendMissingError extends CustomErrorBase {
  name = 'ExternalSecretsBackendMissingError' as const;

  constructor() {
    super(
      'The external-secrets backend plugin is not installed: add ' +
        "backend.add(import('@eso-health/plugin-external-secrets-backend')) to " +
        'packages/backend/src/index.ts and restart the backend.',
    );
  }
}
