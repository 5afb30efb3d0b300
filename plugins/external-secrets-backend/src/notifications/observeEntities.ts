import { ServiceCatalog, ServiceEntity } from '../catalog/ServiceCatalog';
import { ExternalSecretsIndex } from '../readModel/ExternalSecretsIndex';
import { claimedExternalSecrets } from '../readModel/claimedExternalSecrets';
import { Observation } from './decide';

/**
 * What the read model says about each catalog entity with Kubernetes annotations. An entity is
 * `unknown` while a cluster is not watched (loading or failing) and it claims nothing, or when
 * its ExternalSecrets have no verdict yet: no alert and no recovery is decided on missing data.
 */
export async function observeEntities(
  index: ExternalSecretsIndex,
  services: ServiceCatalog,
): Promise<Array<{ entity: ServiceEntity; observation: Observation }>> {
  const allWatched = index.clusterStates().every(c => c.status === 'ok');
  return (await services.list()).map(entity => {
    const claimed = claimedExternalSecrets(index, entity.annotations) ?? [];
    const statuses = claimed.map(c => c.status);
    if (
      (!statuses.length && !allWatched) ||
      (statuses.length && statuses.every(s => s.health === 'unknown'))
    ) {
      return { entity, observation: { known: false } };
    }
    return {
      entity,
      observation: {
        known: true,
        findings: statuses.flatMap(status =>
          status.findings.map(f => ({
            rule: f.rule,
            severity: f.severity,
            message: f.message,
            remedy: f.remedy,
            externalSecret: `${status.cluster}/${status.namespace}/${status.name}`,
          })),
        ),
      },
    };
  });
}
