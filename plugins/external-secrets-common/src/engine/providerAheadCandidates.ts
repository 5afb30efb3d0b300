import { indexProviderMetadata } from '../providers/indexProviders';
import { SecretProvider } from '../providers/types';
import { parseTime } from '../time/parseTime';
import { ProviderMetadata, ProviderSecretMetadata } from '../types/provider';
import { ClusterIndex } from './ClusterModel';
import { providerContext } from './providerContext';

/**
 * Remote secrets whose change time is after the last sync of an ExternalSecret reading them,
 * and whose current version's creation time is not known yet: the only secrets worth a
 * per-secret metadata call (for AWS Secrets Manager ListSecretVersionIds, because
 * LastChangedDate also moves on tag, description and rotation-config edits). Each secret is
 * returned once.
 *
 * Only secrets of `provider[scope]` are returned: the caller confirms them with that scope's
 * account and region. The other scopes are still needed to resolve which listing a store reads.
 */
export function providerAheadCandidates(
  clusters: ClusterIndex[],
  provider: ProviderMetadata,
  scope: string,
  secretProviders?: readonly SecretProvider[],
): ProviderSecretMetadata[] {
  const inScope = new Set(provider[scope]?.secrets ?? []);
  if (!inScope.size) return [];
  const providers = indexProviderMetadata(provider, secretProviders);
  const candidates = new Set<ProviderSecretMetadata>();
  for (const cluster of clusters) {
    for (const es of cluster.externalSecrets) {
      const lastSync = parseTime(es.refreshTime);
      const ref = es.storeRef;
      if (lastSync === undefined || !ref || ref.invalidKind) continue;
      const store = cluster.store(ref.kind, es.namespace, ref.name);
      const context = providerContext(es, store, providers, 'current-version');
      for (const { lookup } of context?.keys ?? []) {
        if (lookup.status !== 'found') continue;
        const { secret } = lookup;
        const changed = parseTime(secret.lastChangedDate);
        if (
          inScope.has(secret) &&
          !secret.deletedDate &&
          secret.currentVersionCreatedDate === undefined &&
          changed !== undefined &&
          changed > lastSync
        )
          candidates.add(secret);
      }
    }
  }
  return [...candidates];
}
