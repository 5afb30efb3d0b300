import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import { ClusterAuthStrategies } from './ClusterAuthStrategies';

const cluster = (provider: string, extra = {}) => ({
  name: 'c',
  url: 'https://c.example.com',
  authMetadata: { 'kubernetes.io/auth-provider': provider },
  ...extra,
});

const strategies = (added?: Map<string, AuthenticationStrategy>) =>
  new ClusterAuthStrategies({
    config: new ConfigReader({}),
    logger: mockServices.logger.mock(),
    added,
  });

describe('ClusterAuthStrategies', () => {
  it.each([
    'serviceAccount',
    'aws',
    'googleServiceAccount',
    'azure',
    'localKubectlProxy',
  ])('accepts %s, which works in the background', provider => {
    expect(strategies().problems(cluster(provider))).toEqual([]);
  });

  it.each([
    ['oidc', 'OIDC'],
    ['google', 'Google'],
    ['aks', 'AKS'],
  ])('refuses %s, naming why and the alternatives', (provider, token) => {
    const [problem] = strategies().problems(cluster(provider));
    expect(problem).toContain(
      `cluster 'c' uses authProvider '${provider}', which cannot serve the External Secrets backend: it forwards the signed-in user’s ${token} token`,
    );
    expect(problem).toContain(
      'Use serviceAccount, aws, googleServiceAccount, azure or kubeconfig (with an exec credential plugin',
    );
  });

  it('names the known providers for an unknown one, and takes strategies from modules', async () => {
    expect(strategies().problems(cluster('pinniped'))).toEqual([
      "cluster 'c' uses authProvider 'pinniped', which is not known here: use one of aws, azure, googleServiceAccount, kubeconfig, localKubectlProxy or serviceAccount, or add a strategy with a backend module (externalSecretsClusterAuthExtensionPoint)",
    ]);
    const pinniped: AuthenticationStrategy = {
      getCredential: async () => ({ type: 'bearer token', token: 'p' }),
      validateCluster: metadata =>
        metadata['pinniped.dev/authenticator']
          ? []
          : [new Error('needs pinniped.dev/authenticator')],
      presentAuthMetadata: () => ({}),
    };
    const withModule = strategies(new Map([['pinniped', pinniped]]));
    expect(withModule.problems(cluster('pinniped'))).toEqual([
      "cluster 'c': needs pinniped.dev/authenticator",
    ]);
    expect(await withModule.getCredential(cluster('pinniped'))).toEqual({
      type: 'bearer token',
      token: 'p',
    });
  });

  it('checks a kubeconfig cluster has a file and a context', () => {
    expect(strategies().problems(cluster('kubeconfig'))).toEqual([
      "cluster 'c' uses authProvider 'kubeconfig': set kubeconfig.path",
    ]);
    expect(
      strategies().problems(
        cluster('kubeconfig', { kubeconfig: { path: '/nowhere/config' } }),
      ),
    ).toEqual([
      "cluster 'c': the kubeconfig file /nowhere/config does not exist",
    ]);
  });

  it('hands out the configured service account token', async () => {
    expect(
      await strategies().getCredential(
        cluster('serviceAccount', {
          authMetadata: {
            'kubernetes.io/auth-provider': 'serviceAccount',
            serviceAccountToken: 't',
          },
        }),
      ),
    ).toEqual({ type: 'bearer token', token: 't' });
  });
});
