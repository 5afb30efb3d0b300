import { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from '@eso-health/plugin-external-secrets-common';

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
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ID_ANNOTATION]?.trim() ||
      annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION]?.trim(),
  );
}
