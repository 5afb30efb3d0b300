import { formatList } from '@eso-health/plugin-external-secrets-common';
import { KubeErrorInfo } from './describeKubeError';

/** One kind that cannot be read. */
export interface ClusterProblem {
  /** RBAC resource name, e.g. `secrets`, `externalsecrets.external-secrets.io`. */
  resource: string;
  error: KubeErrorInfo;
}

export interface FormatClusterErrorInput {
  clusterName: string;
  url: string;
  /** How the backend authenticates to the cluster (`serviceAccount`, `aws`, `kubeconfig`, …). */
  authProvider: string;
  /** The namespaces watched with a namespaced Role; absent for a ClusterRole. */
  namespaces?: string[];
  problems: ClusterProblem[];
}

/** What to check when the credentials themselves cannot be had, by authProvider. */
const CREDENTIAL_HINTS: Record<string, string> = {
  aws: "check the backend's AWS credentials (environment, IRSA or EKS Pod Identity) and that it may sts:AssumeRole the assumeRole of this cluster",
  googleServiceAccount:
    'check kubernetes.googleServiceAccountCredentials or the application default credentials of the backend',
  azure:
    "check the backend's Azure identity (workload identity or managed identity)",
  serviceAccount:
    'set serviceAccountToken, or run the backend in the cluster with a mounted service account token',
  default: 'check the credentials this authProvider needs',
};

/** What to check when the API server refuses the credentials, by authProvider. */
const UNAUTHORIZED_HINTS: Record<string, (cluster: string) => string> = {
  aws: cluster =>
    `the cluster does not map this AWS identity: add the backend's role (or its assumeRole) to the access entries or aws-auth ConfigMap of cluster '${cluster}', and check x-k8s-aws-id is the cluster's name`,
  serviceAccount: cluster =>
    `check the serviceAccountToken of cluster '${cluster}' (expired, revoked or for another cluster)`,
  kubeconfig: cluster =>
    `check the user of the kubeconfig context of cluster '${cluster}' (its exec plugin, token or client certificate)`,
  default: cluster =>
    `check the identity the backend uses for cluster '${cluster}'`,
};

/**
 * The message of a cluster in error: what is wrong and what to do. It never states how old the
 * shown data is: the cluster state carries `lastUpdated`, and the log line, the card and the
 * overview each add common's `describeDataAge`, so the age is worded once.
 * A connection or TLS failure explains every kind at once, so it is the whole message; otherwise
 * 401, 403 (all forbidden resources in one sentence) and other failures are listed.
 */
export function formatClusterError(input: FormatClusterErrorInput): string {
  const { clusterName, url, problems } = input;

  const tls = problems.find(p => p.error.type === 'tls');
  if (tls) {
    return (
      `cannot verify the TLS certificate of ${url} (${tls.error.code}): ` +
      `set caData or caFile for cluster '${clusterName}'`
    );
  }
  const unreachable = problems.find(p => p.error.type === 'unreachable');
  if (unreachable) {
    return `cannot reach ${url} (${unreachable.error.code}): check the URL and network`;
  }
  const credentials = problems.find(p => p.error.type === 'credentials');
  if (credentials) {
    return (
      `cannot get credentials for cluster '${clusterName}' through authProvider '${input.authProvider}' ` +
      `(${credentials.error.detail}): ${
        CREDENTIAL_HINTS[input.authProvider] ?? CREDENTIAL_HINTS.default
      }`
    );
  }

  const parts: string[] = [];
  if (problems.some(p => p.error.type === 'unauthorized')) {
    const hint = (
      UNAUTHORIZED_HINTS[input.authProvider] ?? UNAUTHORIZED_HINTS.default
    )(clusterName);
    parts.push(
      `${url} rejected the credentials of authProvider '${input.authProvider}' (401 Unauthorized), also after renewing them: ${hint}`,
    );
  }
  const forbidden = [
    ...new Set(
      problems.filter(p => p.error.type === 'forbidden').map(p => p.resource),
    ),
  ];
  if (forbidden.length > 0) {
    const scope = input.namespaces?.length
      ? `in a Role bound to it in each of ${formatList(input.namespaces)}`
      : 'in a ClusterRole bound to it';
    parts.push(
      `the backend's identity lacks list/watch on ${formatList(forbidden)}: ` +
        `grant get/list/watch on ${
          forbidden.length > 1 ? 'them' : 'it'
        } ${scope} (examples/rbac)`,
    );
  }
  const others = problems.filter(
    p => !['unauthorized', 'forbidden'].includes(p.error.type),
  );
  for (const problem of others.slice(0, 3)) {
    const { error } = problem;
    parts.push(
      error.status !== undefined
        ? `reading ${problem.resource} failed: the API server answered ${error.status} (${error.detail}); retrying`
        : `reading ${problem.resource} failed: ${error.detail}; retrying`,
    );
  }
  if (others.length > 3)
    parts.push(`and ${others.length - 3} more kinds failed`);
  return parts.join('; ');
}
