import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import type { JSX } from 'react';
import { ExternalSecretsClient, externalSecretsApiRef } from './api';
import {
  SECRET_MAPPINGS_FIELD_NAME,
  SecretMappingsField,
  validateSecretMappings,
} from './components/SecretMappingsField';
import type { EntityExternalSecretsCardProps } from './components/EntityExternalSecretsCard';
import { createPipelineRouteRef, rootRouteRef } from './routes';

/**
 * The legacy (core-plugin-api) plugin; the new frontend system uses `./alpha`.
 *
 * @public
 */
export const externalSecretsPlugin = createPlugin({
  id: 'external-secrets',
  apis: [
    createApiFactory({
      api: externalSecretsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ExternalSecretsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
  externalRoutes: {
    createPipeline: createPipelineRouteRef,
  },
});

/**
 * Entity card; place it on component pages, e.g. behind `isExternalSecretsAvailable`.
 *
 * @public
 */
export const EntityExternalSecretsCard: (
  props: EntityExternalSecretsCardProps,
) => JSX.Element = externalSecretsPlugin.provide(
  createComponentExtension({
    name: 'EntityExternalSecretsCard',
    component: {
      lazy: () =>
        import('./components/EntityExternalSecretsCard').then(
          m => m.EntityExternalSecretsCard,
        ),
    },
  }),
);

/**
 * The platform overview page; mount it at `/external-secrets`.
 *
 * @public
 */
export const ExternalSecretsOverviewPage: () => JSX.Element =
  externalSecretsPlugin.provide(
    createRoutableExtension({
      name: 'ExternalSecretsOverviewPage',
      component: () =>
        import('./components/ExternalSecretsOverviewPage').then(
          m => m.ExternalSecretsOverviewPage,
        ),
      mountPoint: rootRouteRef,
    }),
  );

/**
 * `ui:field: ExternalSecretMappings` of the external-secret-pipeline template; place it inside
 * `<ScaffolderFieldExtensions>` of the legacy scaffolder page.
 *
 * @public
 */
export const ExternalSecretMappingsFieldExtension =
  externalSecretsPlugin.provide(
    createScaffolderFieldExtension({
      name: SECRET_MAPPINGS_FIELD_NAME,
      component: SecretMappingsField,
      validation: validateSecretMappings,
    }),
  );
