import {
  claimMatchesSelector,
  EvaluatedExternalSecret,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  parseServiceSelector,
} from '@eso-health/plugin-external-secrets-common';
import { ExternalSecretsIndex } from './ExternalSecretsIndex';

/**
 * The ExternalSecrets a catalog entity claims through its Kubernetes annotations
 * (docs/architecture.md, "Service mapping"), or undefined when it has none. Entities matched by id alone use the index's
 * per-id lists; label selectors scan every ExternalSecret.
 */
export function claimedExternalSecrets(
  index: ExternalSecretsIndex,
  annotations: Record<string, string> | undefined,
): EvaluatedExternalSecret[] | undefined {
  const selector = parseServiceSelector(annotations);
  if (!selector) return undefined;
  const id = annotations?.[KUBERNETES_ID_ANNOTATION];
  const candidates =
    id && !annotations?.[KUBERNETES_LABEL_SELECTOR_ANNOTATION]
      ? index.withKubernetesId(id)
      : index.all();
  return candidates.filter(evaluated =>
    claimMatchesSelector(evaluated.claim, selector),
  );
}
