import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogClusterSupplier } from './CatalogClusterSupplier';

const clusterEntity = (
  name: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    annotations: {
      'kubernetes.io/api-server': 'https://127.0.0.1:6443',
      'kubernetes.io/api-server-certificate-authority': 'Q0E=',
      'kubernetes.io/auth-provider': 'aws',
      ...annotations,
    },
  },
  spec: { type: 'kubernetes-cluster', owner: 'platform' },
});

describe('CatalogClusterSupplier', () => {
  it('reads kubernetes-cluster Resources as the Kubernetes plugin does, and skips the ones it must not watch', async () => {
    const logger = mockServices.logger.mock();
    const supplier = new CatalogClusterSupplier(
      {
        catalog: catalogServiceMock({
          entities: [
            clusterEntity('eks', {
              'kubernetes.io/x-k8s-aws-id': 'eks-prod',
              'kubernetes.io/skip-tls-verify': 'true',
              serviceAccountToken: 'never-read',
              'external-secrets.io/secrets': 'none',
              'external-secrets.io/namespaces': 'shop, payments',
            }),
            clusterEntity('with-token', {
              'kubernetes.io/auth-provider': 'serviceAccount',
            }),
            clusterEntity('private', {
              'kubernetes.io/api-server': 'https://10.1.2.3',
            }),
            {
              ...clusterEntity('not-a-cluster', {}),
              spec: { type: 'database' },
            },
          ],
        }),
        auth: mockServices.auth(),
        logger,
      },
      { dangerouslyAllowClusterUrls: ['127.0.0.1'] },
    );
    expect(await supplier.getClusters()).toEqual([
      {
        name: 'eks',
        url: 'https://127.0.0.1:6443',
        authMetadata: {
          'kubernetes.io/api-server': 'https://127.0.0.1:6443',
          'kubernetes.io/api-server-certificate-authority': 'Q0E=',
          'kubernetes.io/auth-provider': 'aws',
          'kubernetes.io/x-k8s-aws-id': 'eks-prod',
          'kubernetes.io/skip-tls-verify': 'true',
        },
        caData: 'Q0E=',
        // Only with dangerouslyAllowSkipTLSVerify.
        skipTLSVerify: false,
        secrets: 'none',
        namespaces: ['shop', 'payments'],
        source: 'catalog',
      },
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        "Ignoring kubernetes-cluster Resource 'with-token': the catalog locator does not take the serviceAccount auth provider",
      ),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      "Ignoring kubernetes-cluster Resource 'private': the API server 10.1.2.3 is not a public address (list it in dangerouslyAllowClusterUrls if that is intended)",
    );
  });
});
