import {
  compatWrapper,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import { Content } from '@backstage/core-components';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';
import VpnKeyIcon from '@material-ui/icons/VpnKey';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from '@eso-health/plugin-external-secrets-common';
import { ExternalSecretsClient, externalSecretsApiRef } from './api';
import { createPipelineRouteRef, rootRouteRef } from './routes';

/** `api:external-secrets`: the backend client. */
const externalSecretsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: externalSecretsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ExternalSecretsClient({ discoveryApi, fetchApi }),
    }),
});

/** `page:external-secrets`: the overview page; its title and icon put it in the nav. */
const externalSecretsPage = PageBlueprint.make({
  params: {
    path: '/external-secrets',
    routeRef: rootRouteRef,
    title: 'External Secrets',
    icon: <VpnKeyIcon fontSize="inherit" />,
    // The app's page layout draws the header, so only the content is rendered here.
    loader: () =>
      import('./components/ExternalSecretsOverviewPage').then(m =>
        compatWrapper(
          <Content>
            <m.ExternalSecretsOverviewContent />
          </Content>,
        ),
      ),
  },
});

/**
 * `entity-card:external-secrets`: on components linked to clusters (the same annotations
 * as the Kubernetes plugin). Set `filter: { kind: component }` in app-config to show it,
 * with its set-up instructions, on every component.
 */
const externalSecretsEntityCard = EntityCardBlueprint.make({
  params: {
    type: 'content',
    filter: {
      $all: [
        { kind: 'component' },
        {
          $any: [
            {
              [`metadata.annotations.${KUBERNETES_ID_ANNOTATION}`]: {
                $exists: true,
              },
            },
            {
              [`metadata.annotations.${KUBERNETES_LABEL_SELECTOR_ANNOTATION}`]:
                {
                  $exists: true,
                },
            },
          ],
        },
      ],
    },
    loader: () =>
      import('./components/EntityExternalSecretsCard').then(m =>
        compatWrapper(<m.EntityExternalSecretsCard />),
      ),
  },
});

/**
 * `scaffolder-form-field:external-secrets/secret-mappings`: `ui:field: ExternalSecretMappings`
 * of the external-secret-pipeline template, which refuses repeated Secret keys in the form.
 */
const secretMappingsFormField = FormFieldBlueprint.make({
  name: 'secret-mappings',
  params: {
    field: () =>
      import('./components/SecretMappingsField').then(m =>
        createFormField({
          name: m.SECRET_MAPPINGS_FIELD_NAME,
          component: m.SecretMappingsField,
          validation: m.validateSecretMappings,
        }),
      ),
  },
});

/**
 * The External Secrets plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'external-secrets',
  title: 'External Secrets',
  icon: <VpnKeyIcon fontSize="inherit" />,
  extensions: [
    externalSecretsApi,
    externalSecretsPage,
    externalSecretsEntityCard,
    secretMappingsFormField,
  ],
  routes: convertLegacyRouteRefs({ root: rootRouteRef }),
  externalRoutes: convertLegacyRouteRefs({
    createPipeline: createPipelineRouteRef,
  }),
});
