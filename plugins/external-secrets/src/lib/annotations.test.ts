import { Entity } from '@backstage/catalog-model';
import { isExternalSecretsAvailable } from './annotations';

const entity = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', annotations },
  spec: {},
});

describe('isExternalSecretsAvailable', () => {
  it('accepts the kubernetes-id annotation', () => {
    expect(
      isExternalSecretsAvailable(
        entity({ 'backstage.io/kubernetes-id': 'payments' }),
      ),
    ).toBe(true);
  });

  it('accepts a label selector', () => {
    expect(
      isExternalSecretsAvailable(
        entity({ 'backstage.io/kubernetes-label-selector': 'app=payments' }),
      ),
    ).toBe(true);
  });

  it('rejects entities without either annotation, or with blank values', () => {
    expect(isExternalSecretsAvailable(entity())).toBe(false);
    expect(
      isExternalSecretsAvailable(entity({ 'backstage.io/kubernetes-id': ' ' })),
    ).toBe(false);
    expect(
      isExternalSecretsAvailable(
        entity({ 'backstage.io/kubernetes-namespace': 'prod' }),
      ),
    ).toBe(false);
  });
});
