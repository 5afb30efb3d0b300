import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
  ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
} from '@backstage/plugin-kubernetes-common';
import { ClusterSecretsAccess } from '@eso-health/plugin-external-secrets-common';
import { ExternalSecretsCluster } from '@eso-health/plugin-external-secrets-node';
import { KubeConfig } from '@kubernetes/client-node';
import { KUBECONFIG_AUTH_PROVIDER } from '../authProvider';

/** What every cluster gets unless it says otherwise (`externalSecrets.clusterDefaults`). */
export interface ClusterDefaults {
  secrets?: ClusterSecretsAccess;
  namespaces?: string[];
}

/** Reads `secrets` (`metadata` or `none`) where it is set. */
export function readSecretsAccess(
  config: Config,
  where: string,
): ClusterSecretsAccess | undefined {
  const value = config.getOptionalString('secrets');
  if (value !== undefined && value !== 'metadata' && value !== 'none') {
    throw new InputError(
      `${where}.secrets must be 'metadata' or 'none', got '${value}'`,
    );
  }
  return value;
}

/**
 * One live cluster of a `config` list (`externalSecrets.clusters[]` or a Kubernetes plugin
 * `clusterLocatorMethods[type=config].clusters[]`), read like the Kubernetes plugin reads it: the
 * auth provider (required there; `serviceAccount` by default in `externalSecrets.clusters`) and its fields (`serviceAccountToken`, `assumeRole`, `externalId`,
 * `oidcTokenProvider`) become `authMetadata`, and an `authMetadata` block is merged last. Ours on
 * top: `namespaces`, `secrets`, and `kubeconfig` (a file and context, whose server becomes `url`).
 */
export function readClusterConfig(
  cluster: Config,
  where: string,
  /** `externalSecrets.clusters` defaults to `serviceAccount`; the Kubernetes plugin's lists do not. */
  defaultAuthProvider?: string,
): ExternalSecretsCluster {
  const name = cluster.getString('name');
  const block = cluster.getOptional<Record<string, string>>('authMetadata');
  const authProvider =
    block?.[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ??
    cluster.getOptionalString('authProvider') ??
    (cluster.has('kubeconfig') ? KUBECONFIG_AUTH_PROVIDER : undefined) ??
    defaultAuthProvider;
  if (!authProvider) {
    throw new InputError(
      `${where}: cluster '${name}' has no authProvider; set authProvider (serviceAccount, aws, googleServiceAccount, azure, kubeconfig or localKubectlProxy)`,
    );
  }
  const optional: Record<string, string | undefined> = {
    serviceAccountToken: cluster.getOptionalString('serviceAccountToken'),
    [ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE]:
      cluster.getOptionalString('assumeRole'),
    [ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID]:
      cluster.getOptionalString('externalId'),
    [ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER]:
      cluster.getOptionalString('oidcTokenProvider'),
  };
  const authMetadata: Record<string, string> = {
    [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: authProvider,
  };
  for (const [key, value] of Object.entries(optional))
    if (value) authMetadata[key] = value;
  Object.assign(authMetadata, block);

  const kubeconfig = cluster.has('kubeconfig')
    ? {
        path: cluster.getString('kubeconfig.path'),
        context: cluster.getOptionalString('kubeconfig.context'),
      }
    : undefined;
  const url =
    cluster.getOptionalString('url') ??
    (kubeconfig ? kubeconfigServer(kubeconfig, name, where) : undefined);
  if (!url) {
    throw new InputError(
      `${where}: cluster '${name}' needs 'url' (a live API server), 'kubeconfig' (a file and context) or 'manifests' (a folder of dumps)`,
    );
  }
  const namespaces = cluster.getOptionalStringArray('namespaces');
  const secrets = readSecretsAccess(cluster, `${where} '${name}'`);
  const title = cluster.getOptionalString('title');
  return {
    name,
    ...(title ? { title } : {}),
    url,
    authMetadata,
    skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
    caData: cluster.getOptionalString('caData'),
    caFile: cluster.getOptionalString('caFile'),
    ...(namespaces ? { namespaces } : {}),
    ...(secrets ? { secrets } : {}),
    ...(kubeconfig ? { kubeconfig } : {}),
    source: 'config',
  };
}

/** The server of a kubeconfig context, shown as the cluster's URL. */
function kubeconfigServer(
  kubeconfig: { path: string; context?: string },
  name: string,
  where: string,
): string | undefined {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(kubeconfig.path);
  } catch (error) {
    throw new InputError(
      `${where}: cluster '${name}': cannot read the kubeconfig file ${kubeconfig.path}: ${error}`,
    );
  }
  const context = kubeconfig.context ?? kc.getCurrentContext();
  const contextObject = kc.getContextObject(context);
  return contextObject
    ? kc.getCluster(contextObject.cluster)?.server
    : undefined;
}
