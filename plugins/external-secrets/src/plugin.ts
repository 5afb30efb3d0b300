import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ExternalSecretsClient, externalSecretsApiRef } from './api';
import { createPipelineRouteRef, rootRouteRef } from './routes';

/** The legacy (core-plugin-api) plugin; the new frontend system uses `./alpha`. */
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

/** Entity card; place it on component pages, e.g. behind `isExternalSecretsAvailable`. */
export const EntityExternalSecretsCard = externalSecretsPlugin.provide(
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

/** The platform overview page; mount it at `/external-secrets`. */
export const ExternalSecretsOverviewPage = externalSecretsPlugin.provide(
  createRoutableExtension({
    name: 'ExternalSecretsOverviewPage',
    component: () =>
      import('./components/ExternalSecretsOverviewPage').then(
        m => m.ExternalSecretsOverviewPage,
      ),
    mountPoint: rootRouteRef,
  }),
);
