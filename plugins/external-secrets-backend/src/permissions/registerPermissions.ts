import { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import {
  externalSecretsPermissions,
  externalSecretsSyncPermission,
  parseExternalSecretRef,
} from '@eso-health/plugin-external-secrets-common';
import { ExternalSecretResources } from './ExternalSecretResources';
import {
  externalSecretPermissionResourceRef,
  externalSecretRules,
} from './externalSecretRules';

/**
 * The plugin's permissions in the registry: the entity-scoped and basic ones as they are, and
 * `external-secrets.sync` on the `external-secret` resource type, whose rules (by cluster,
 * namespace, claiming entity's owner) policies can use.
 */
export function registerPermissions(
  registry: PermissionsRegistryService,
  resources: ExternalSecretResources,
): void {
  registry.addPermissions(
    externalSecretsPermissions.filter(
      p => p.name !== externalSecretsSyncPermission.name,
    ),
  );
  registry.addResourceType({
    resourceRef: externalSecretPermissionResourceRef,
    permissions: [externalSecretsSyncPermission],
    rules: Object.values(externalSecretRules),
    getResources: async refs => {
      const parsed = refs.map(parseExternalSecretRef);
      const found = await resources.find(
        parsed.flatMap(ref => (ref ? [ref] : [])),
      );
      let next = 0;
      return parsed.map(ref => (ref ? found[next++] : undefined));
    },
  });
}
