/*
 * The portal's backend: the stock Backstage plugins the demo needs, plus the
 * External Secrets backend plugin and its provider modules.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// auth: guest sign-in for the local portal
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permissions: allow-all locally; replace the policy module in production
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// signals: pushes "reports changed" to open External Secrets cards and overviews (a
// WebSocket at /api/signals); without it they fall back to polling
backend.add(import('@backstage/plugin-signals-backend'));

// notifications: External Secrets tells entity owners about errors and lasting warnings
// (docs/notifications.md); the inbox is at /notifications in the app
backend.add(import('@backstage/plugin-notifications-backend'));

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@eso-health/plugin-scaffolder-backend-module-external-secrets'),
);

// External Secrets health and drift; AWS Secrets Manager is built in, other secret providers
// are modules (each reads only its own config section and is idle without it)
backend.add(import('@eso-health/plugin-external-secrets-backend'));
backend.add(import('@eso-health/plugin-external-secrets-backend-module-vault'));
backend.add(
  import(
    '@eso-health/plugin-external-secrets-backend-module-aws-parameter-store'
  ),
);

backend.start();
