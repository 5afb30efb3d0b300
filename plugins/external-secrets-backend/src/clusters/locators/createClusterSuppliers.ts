import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ExternalSecretsClusterSupplier } from '@eso-health/plugin-external-secrets-node';
import { ExternalSecretsCluster } from '@eso-health/plugin-external-secrets-node';
import {
  CatalogClusterSupplier,
  CatalogClusterSupplierOptions,
} from './CatalogClusterSupplier';
import { ConfigClusterSupplier } from './ConfigClusterSupplier';
import { LocalKubectlProxySupplier } from './LocalKubectlProxySupplier';

/** How live clusters are found: `kubernetes.clusterLocatorMethods` types, or our own list. */
export type ClusterLocatorConfig =
  | { type: 'config'; clusters: ExternalSecretsCluster[] }
  | { type: 'catalog'; options: CatalogClusterSupplierOptions }
  | { type: 'localKubectlProxy' };

/** One supplier per configured locator (the `config` lists merged into one supplier). */
export function createClusterSuppliers(
  locators: ClusterLocatorConfig[],
  deps: { catalog: CatalogService; auth: AuthService; logger: LoggerService },
): ExternalSecretsClusterSupplier[] {
  const suppliers: ExternalSecretsClusterSupplier[] = [];
  const configured = locators.flatMap(l =>
    l.type === 'config' ? l.clusters : [],
  );
  if (configured.length) suppliers.push(new ConfigClusterSupplier(configured));
  for (const locator of locators) {
    if (locator.type === 'catalog') {
      suppliers.push(new CatalogClusterSupplier(deps, locator.options));
    } else if (locator.type === 'localKubectlProxy') {
      suppliers.push(new LocalKubectlProxySupplier());
    }
  }
  return suppliers;
}
