import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ExternalSecretsClusterSupplier } from '@eso-health/plugin-external-secrets-node';
import { ClusterLocatorConfig } from '../../config/readExternalSecretsConfig';
import { CatalogClusterSupplier } from './CatalogClusterSupplier';
import { ConfigClusterSupplier } from './ConfigClusterSupplier';
import { LocalKubectlProxySupplier } from './LocalKubectlProxySupplier';

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
