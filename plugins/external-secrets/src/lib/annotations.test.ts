import { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@eso-health/plugin-external-secrets-common';
import { isExternalSecretsAvailable } from './annotations';

const entity = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', annotations },
  spec: {},
});

describe('isExternalSecretsAvailable', () => {
  // The keys come from common, which the backend matches entities with: the card is offered
  // exactly for the entities the backend can link to cluster objects.
  it.each([
    [KUBERNETES_ID_ANNOTATION, 'payments'],
    [KUBERNETES_LABEL_SELECTOR_ANNOTATION, 'app=payments'],
  ])("accepts common's %s annotation", (key, value) => {
    expect(isExternalSecretsAvailable(entity({ [key]: value }))).toBe(true);
  });

  it('uses the annotations of the Backstage Kubernetes plugin', () => {
    expect(KUBERNETES_ID_ANNOTATION).toBe('backstage.io/kubernetes-id');
    expect(KUBERNETES_LABEL_SELECTOR_ANNOTATION).toBe(
      'backstage.io/kubernetes-label-selector',
    );
  });

  it('rejects entities without either annotation, or with blank values', () => {
    expect(isExternalSecretsAvailable(entity())).toBe(false);
    expect(
      isExternalSecretsAvailable(entity({ [KUBERNETES_ID_ANNOTATION]: ' ' })),
    ).toBe(false);
    expect(
      isExternalSecretsAvailable(
        entity({ [KUBERNETES_NAMESPACE_ANNOTATION]: 'prod' }),
      ),
    ).toBe(false);
  });
});
