import fs from 'node:fs';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AnonymousStrategy,
  AwsIamStrategy,
  AzureIdentityStrategy,
  DispatchStrategy,
  GoogleServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import type {
  AuthenticationStrategy,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import { formatList } from '@eso-health/plugin-external-secrets-common';
import { ExternalSecretsCluster } from '@eso-health/plugin-external-secrets-node';
import { KubeConfig } from '@kubernetes/client-node';
import { authProviderOf, KUBECONFIG_AUTH_PROVIDER } from '../authProvider';
import { ServiceAccountTokenStrategy } from './ServiceAccountTokenStrategy';

/**
 * Kubernetes plugin strategies that forward the signed-in user's token from the browser. A
 * background watch has no user, so they cannot serve it.
 */
const USER_TOKEN_PROVIDERS: Record<string, string> = {
  oidc: 'it forwards the signed-in user’s OIDC token',
  google: 'it forwards the signed-in user’s Google token',
  aks: 'it forwards the signed-in user’s AKS token',
};

/**
 * The cluster authentication strategies of a background watcher, by `authProvider`, dispatched
 * with the Kubernetes plugin's own `DispatchStrategy`. The built-in ones are the Kubernetes
 * plugin's classes (`aws`, `googleServiceAccount`, `azure`, `localKubectlProxy`), created only
 * when a cluster uses them, and our `serviceAccount` (see {@link ServiceAccountTokenStrategy}); modules add more through
 * `externalSecretsClusterAuthExtensionPoint`. `kubeconfig` is ours: `@kubernetes/client-node`
 * reads the file, with its exec plugins and client certificates.
 */
export class ClusterAuthStrategies {
  private readonly factories: Record<string, () => AuthenticationStrategy>;
  private readonly created = new Map<string, AuthenticationStrategy>();
  private readonly dispatch: DispatchStrategy;

  constructor(options: {
    config: Config;
    logger: LoggerService;
    /** Strategies added by modules; a key here replaces the built-in one. */
    added?: ReadonlyMap<string, AuthenticationStrategy>;
  }) {
    const { config, logger } = options;
    this.factories = {
      serviceAccount: () => new ServiceAccountTokenStrategy(),
      aws: () => new AwsIamStrategy({ config }),
      googleServiceAccount: () => new GoogleServiceAccountStrategy({ config }),
      azure: () => new AzureIdentityStrategy(logger),
      localKubectlProxy: () => new AnonymousStrategy(),
    };
    for (const [key, strategy] of options.added ?? []) {
      this.factories[key] = () => strategy;
    }
    // DispatchStrategy looks keys up in this map as clusters ask, so strategies are built lazily.
    const strategies = new Proxy({} as Record<string, AuthenticationStrategy>, {
      get: (_, key) =>
        typeof key === 'string' ? this.strategy(key) : undefined,
    });
    this.dispatch = new DispatchStrategy({ authStrategyMap: strategies });
  }

  /** The configured keys, for messages. */
  keys(): string[] {
    return [...Object.keys(this.factories), KUBECONFIG_AUTH_PROVIDER].sort();
  }

  /**
   * Why this cluster cannot be watched, each in words that say what to do; empty when it can.
   * Checked once when the cluster appears (a cluster in config fails the backend's start).
   */
  problems(cluster: ExternalSecretsCluster): string[] {
    const provider = authProviderOf(cluster);
    const where = `cluster '${cluster.name}'`;
    if (!provider) {
      return [
        `${where} has no authProvider: set authProvider (or authMetadata['${ANNOTATION_KUBERNETES_AUTH_PROVIDER}'])`,
      ];
    }
    if (provider === KUBECONFIG_AUTH_PROVIDER) {
      return kubeconfigProblems(cluster);
    }
    if (!this.factories[provider]) {
      if (USER_TOKEN_PROVIDERS[provider]) {
        return [
          `${where} uses authProvider '${provider}', which cannot serve the External Secrets backend: ${
            USER_TOKEN_PROVIDERS[provider]
          }, and the backend watches clusters in the background with an identity of its own. Use ${formatList(
            [
              'serviceAccount',
              'aws',
              'googleServiceAccount',
              'azure',
              'kubeconfig (with an exec credential plugin such as kubelogin or gke-gcloud-auth-plugin)',
            ],
            'or',
          )} for this cluster (docs/clusters.md)`,
        ];
      }
      return [
        `${where} uses authProvider '${provider}', which is not known here: use one of ${formatList(
          this.keys(),
          'or',
        )}, or add a strategy with a backend module (externalSecretsClusterAuthExtensionPoint)`,
      ];
    }
    return this.dispatch
      .validateCluster(cluster.authMetadata)
      .map(error => `${where}: ${error.message}`);
  }

  /** A fresh credential for the cluster (not for `kubeconfig` clusters, which bring their own). */
  getCredential(
    cluster: ExternalSecretsCluster,
  ): Promise<KubernetesCredential> {
    return this.dispatch.getCredential(cluster, {});
  }

  private strategy(key: string): AuthenticationStrategy | undefined {
    let strategy = this.created.get(key);
    if (!strategy && this.factories[key]) {
      strategy = this.factories[key]();
      this.created.set(key, strategy);
    }
    return strategy;
  }
}

function kubeconfigProblems(cluster: ExternalSecretsCluster): string[] {
  const where = `cluster '${cluster.name}'`;
  const file = cluster.kubeconfig?.path;
  if (!file) {
    return [`${where} uses authProvider 'kubeconfig': set kubeconfig.path`];
  }
  if (!fs.existsSync(file)) {
    return [`${where}: the kubeconfig file ${file} does not exist`];
  }
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (error) {
    return [`${where}: the kubeconfig file ${file} cannot be read: ${error}`];
  }
  const context = cluster.kubeconfig?.context ?? kc.getCurrentContext();
  if (!kc.getContextObject(context)) {
    return [
      `${where}: the kubeconfig file ${file} has no context '${context}' (it has ${
        formatList(kc.getContexts().map(c => c.name)) || 'none'
      })`,
    ];
  }
  return [];
}
