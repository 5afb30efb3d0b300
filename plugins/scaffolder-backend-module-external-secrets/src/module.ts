import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createAwsCreateSecretAction } from './actions/awsCreateSecret';
import { createValidateAction } from './actions/validate';
import { clientsFromConfig } from './aws/clientsFromConfig';

/**
 * Scaffolder actions for External Secrets pipelines: `external-secrets:validate` and
 * `external-secrets:aws:create-secret`.
 */
export const scaffolderModuleExternalSecrets = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'external-secrets',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ scaffolderActions, config }) {
        scaffolderActions.addActions(
          createValidateAction(),
          createAwsCreateSecretAction({
            clientForRegion: clientsFromConfig(config),
          }),
        );
      },
    });
  },
});
