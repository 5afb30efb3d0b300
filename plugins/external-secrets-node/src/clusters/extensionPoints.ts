import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import { ExternalSecretsClusterSupplier } from './types';

/**
 * Adds a cluster authentication strategy, keyed by the `authProvider` value that selects it.
 * Strategies are the Kubernetes plugin's `AuthenticationStrategy`, so one written for that
 * plugin (Pinniped, a company token service, …) works here unchanged, as long as it does not
 * need a signed-in user's token: the backend watches in the background, with no user.
 *
 * @public
 */
export interface ExternalSecretsClusterAuthExtensionPoint {
  addAuthStrategy(key: string, strategy: AuthenticationStrategy): void;
}

/** @public */
export const externalSecretsClusterAuthExtensionPoint =
  createExtensionPoint<ExternalSecretsClusterAuthExtensionPoint>({
    id: 'external-secrets.cluster-auth',
  });

/**
 * Adds a source of live clusters beside the configured ones (`externalSecrets.clusters`, or the
 * Kubernetes plugin's `kubernetes.clusterLocatorMethods`).
 *
 * @public
 */
export interface ExternalSecretsClusterSupplierExtensionPoint {
  addClusterSupplier(supplier: ExternalSecretsClusterSupplier): void;
}

/** @public */
export const externalSecretsClusterSupplierExtensionPoint =
  createExtensionPoint<ExternalSecretsClusterSupplierExtensionPoint>({
    id: 'external-secrets.cluster-supplier',
  });
