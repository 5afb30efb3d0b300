import { Entity } from '@backstage/catalog-model';
import { parseServiceSelector } from '@eso-health/plugin-external-secrets-common';

/** The scaffolder template that creates a new ExternalSecret pipeline for a service. */
export const PIPELINE_TEMPLATE = {
  namespace: 'default',
  name: 'external-secret-pipeline',
};

/**
 * True when the entity can be linked to cluster objects, i.e. the card has something
 * to show. Use it in `EntitySwitch.Case if={isExternalSecretsAvailable}`.
 *
 * @public
 */
export function isExternalSecretsAvailable(entity: Entity): boolean {
  // The backend's own test of whether an entity claims anything (a malformed selector counts:
  // the card then shows its error).
  return parseServiceSelector(entity.metadata.annotations) !== undefined;
}
