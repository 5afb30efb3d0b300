import { BackendPluginRegistrationPoints } from '@backstage/backend-plugin-api';
import type { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import {
  awsSecretsManager,
  SecretProvider,
} from '@eso-health/plugin-external-secrets-common';
import {
  externalSecretsClusterAuthExtensionPoint,
  ExternalSecretsClusterSupplier,
  externalSecretsClusterSupplierExtensionPoint,
  externalSecretsProvidersExtensionPoint,
  ProviderCollector,
} from '@eso-health/plugin-external-secrets-node';

/** What backend modules added through the plugin's extension points, read at init. */
export interface Extensions {
  /** AWS Secrets Manager first (built in), then the modules' providers. */
  secretProviders: SecretProvider[];
  collectors: ProviderCollector[];
  authStrategies: Map<string, AuthenticationStrategy>;
  clusterSuppliers: ExternalSecretsClusterSupplier[];
}

/** Same shape as the Kubernetes plugin's strategy keys (`aws`, `google`, `serviceAccount`, …). */
const STRATEGY_KEY = /^[a-zA-Z][a-zA-Z0-9]*$/;

/**
 * Registers the three extension points (providers, cluster auth strategies, cluster suppliers)
 * and collects what modules add. A duplicate provider id or strategy key, or a malformed key,
 * fails the module's registration: two modules silently overriding each other would be worse.
 */
export function registerExtensionPoints(
  env: Pick<BackendPluginRegistrationPoints, 'registerExtensionPoint'>,
): Extensions {
  const extensions: Extensions = {
    secretProviders: [awsSecretsManager],
    collectors: [],
    authStrategies: new Map(),
    clusterSuppliers: [],
  };
  env.registerExtensionPoint(externalSecretsProvidersExtensionPoint, {
    addProvider(provider) {
      if (extensions.secretProviders.some(p => p.id === provider.id))
        throw new Error(
          `a secret provider with id '${provider.id}' was already added`,
        );
      extensions.secretProviders.push(provider);
    },
    addCollector: collector => extensions.collectors.push(collector),
  });
  env.registerExtensionPoint(externalSecretsClusterAuthExtensionPoint, {
    addAuthStrategy(key, strategy) {
      if (!STRATEGY_KEY.test(key)) {
        throw new Error(
          `cluster auth strategy key '${key}' must be letters and digits, like the Kubernetes plugin's`,
        );
      }
      if (extensions.authStrategies.has(key)) {
        throw new Error(
          `a cluster auth strategy for '${key}' was already added`,
        );
      }
      extensions.authStrategies.set(key, strategy);
    },
  });
  env.registerExtensionPoint(externalSecretsClusterSupplierExtensionPoint, {
    addClusterSupplier: supplier => extensions.clusterSuppliers.push(supplier),
  });
  return extensions;
}
