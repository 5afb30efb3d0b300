import { indexProviderMetadata } from '../kubernetes/providerLookup';
import { parseTime } from '../time/parseTime';
import { ClusterObjects } from '../types/kubernetes';
import { ProviderMetadata, ProviderSecretMetadata } from '../types/provider';
import { indexCluster } from './indexCluster';
import { providerContext } from './providerContext';

/**
 * Remote secrets whose `LastChangedDate` is after the last sync of an ExternalSecret reading
 * them, and whose AWSCURRENT version time is not known yet: the only secrets worth a
 * per-secret metadata call (ListSecretVersionIds), because LastChangedDate also moves on tag,
 * description and rotation-config edits. Each secret is returned once.
 */
export function providerAheadCandidates(
  clusters: ClusterObjects[],
  provider: ProviderMetadata,
): ProviderSecretMetadata[] {
  const providers = indexProviderMetadata(provider);
  const candidates = new Set<ProviderSecretMetadata>();
  for (const objects of clusters) {
    const cluster = indexCluster(objects);
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
