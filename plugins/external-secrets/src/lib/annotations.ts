import { Entity } from '@backstage/catalog-model';

/** The annotations the Kubernetes plugin uses; ExternalSecrets are found the same way. */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/** The scaffolder template that creates a new ExternalSecret pipeline for a service. */
export const PIPELINE_TEMPLATE = {
  namespace: 'default',
  name: 'external-secret-pipeline',
};

/**
 * True when the entity can be linked to cluster objects, i.e. the card has something
 * to show. Use it in `EntitySwitch.Case if={isExternalSecretsAvailable}`.
 */
export function isExternalSecretsAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ID_ANNOTATION]?.trim() ||
      annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION]?.trim(),
  );
}
