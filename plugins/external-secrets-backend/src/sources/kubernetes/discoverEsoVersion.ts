import { KubeConfig } from '@kubernetes/client-node';
import { describeKubeError } from './describeKubeError';
import { kubeRequest } from './kubeRequest';
import { ESO_GROUP, ESO_VERSIONS } from './watchedKinds';

/**
 * Asks API discovery (`GET /apis/external-secrets.io`) which version of the ESO kinds to read:
 * `v1` when served (ESO ≥ 0.16), else `v1beta1` (older ESO), else null. Null also when the group
 * is not served at all (404: ESO not installed). Other failures throw.
 */
export async function discoverEsoVersion(
  kc: KubeConfig,
  signal?: AbortSignal,
): Promise<string | null> {
  let group: any;
  try {
    group = await kubeRequest(kc, { path: `/apis/${ESO_GROUP}`, signal });
  } catch (error) {
    if (describeKubeError(error).type === 'not-found') return null;
    throw error;
  }
  const served = new Set<string>();
  for (const entry of Array.isArray(group?.versions) ? group.versions : []) {
    if (typeof entry?.version === 'string') served.add(entry.version);
  }
  if (typeof group?.preferredVersion?.version === 'string')
    served.add(group.preferredVersion.version);
  return ESO_VERSIONS.find(version => served.has(version)) ?? null;
}
