import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createAnnotateCatalogInfoAction } from './actions/annotateCatalogInfo';
import { createAwsCreateSecretAction } from './actions/awsCreateSecret';
import { createValidateAction } from './actions/validate';
import { clientsFromConfig } from './aws/clientsFromConfig';

/**
 * Scaffolder actions for External Secrets pipelines: `external-secrets:validate`,
 * `external-secrets:aws:create-secret` and `external-secrets:catalog:annotate`.
 *
 * @public
 */
export const scaffolderModuleExternalSecrets = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'external-secrets',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        urlReader: coreServices.urlReader,
      },
      async init({ scaffolderActions, config, urlReader }) {
        scaffolderActions.addActions(
          createValidateAction(),
          createAwsCreateSecretAction({
            clientForRegion: clientsFromConfig(config),
          }),
          createAnnotateCatalogInfoAction({
            reader: urlReader,
            integrations: ScmIntegrations.fromConfig(config),
          }),
        );
      },
    });
  },
});
