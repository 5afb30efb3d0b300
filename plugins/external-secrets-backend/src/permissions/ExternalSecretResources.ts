import {
  claimMatchesSelector,
  ExternalSecretRef,
  parseServiceSelector,
} from '@eso-health/plugin-external-secrets-common';
import { ServiceCatalog } from '../catalog/ServiceCatalog';
import { ExternalSecretsIndex } from '../readModel/ExternalSecretsIndex';
import { ExternalSecretResource } from './externalSecretRules';

/**
 * ExternalSecrets as permission rules see them: with the catalog entities that claim them (and
 * their owners). The permission framework's `getResources`, the permission decorator (a sync's
 * conditional decision, who may read a history) and the visibility of the findings chart all ask
 * here; the read model and the catalog list answer, nothing else is called.
 */
export class ExternalSecretResources {
  constructor(
    private readonly options: {
      index: ExternalSecretsIndex;
      services: ServiceCatalog;
    },
  ) {}

  /** In the order asked; undefined for an ExternalSecret the backend does not know. */
  async find(
    refs: ExternalSecretRef[],
  ): Promise<Array<ExternalSecretResource | undefined>> {
    if (refs.length === 0) return [];
    const services = (await this.options.services.list()).flatMap(service => {
      const selector = parseServiceSelector(service.annotations);
      return selector ? [{ service, selector }] : [];
    });
    return refs.map(({ cluster, namespace, name }) => {
      const evaluated = this.options.index.find(cluster, namespace, name);
      if (!evaluated) return undefined;
      return {
        cluster,
        namespace,
        name,
        claimedBy: services
          .filter(({ selector }) =>
            claimMatchesSelector(evaluated.claim, selector),
          )
          .map(({ service }) =>
            service.owner
              ? { entityRef: service.entityRef, owner: service.owner }
              : { entityRef: service.entityRef },
          ),
      };
    });
  }
}
