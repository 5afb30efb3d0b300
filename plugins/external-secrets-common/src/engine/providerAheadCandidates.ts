import { indexProviderMetadata } from '../providers/indexProviders';
import { SecretProvider } from '../providers/types';
import { changedAfterSync } from '../time/changedAfterSync';
import { parseTime } from '../time/parseTime';
import { ProviderMetadata, ProviderSecretMetadata } from '../types/provider';
import { ClusterIndex } from './ClusterModel';
import { providerContext } from './providerContext';

/**
 * Calls `visit` for every remote secret of `provider[scope]` that an ExternalSecret of the
 * clusters reads, with that ExternalSecret's last sync (`status.refreshTime`, null before the
 * first).
 * The other scopes are still needed to resolve which listing a store reads.
 */
function forEachReadSecret(
  clusters: ClusterIndex[],
  provider: ProviderMetadata,
  scope: string,
  secretProviders: readonly SecretProvider[] | undefined,
  visit: (secret: ProviderSecretMetadata, refreshTime: string | null) => void,
): void {
  const inScope = new Set(provider[scope]?.secrets ?? []);
  if (!inScope.size) return;
  const providers = indexProviderMetadata(provider, secretProviders);
  for (const cluster of clusters) {
    for (const es of cluster.externalSecrets) {
      const ref = es.storeRef;
      if (!ref || ref.invalidKind) continue;
      const store = cluster.store(ref.kind, es.namespace, ref.name);
      const context = providerContext(es, store, providers, 'current-version');
      for (const { lookup } of context?.keys ?? []) {
        if (lookup.status === 'found' && inScope.has(lookup.secret))
          visit(lookup.secret, es.refreshTime);
      }
    }
  }
}

/**
 * Remote secrets whose change time is after the last sync of an ExternalSecret reading them,
 * and whose current version's creation time is not known yet: the only secrets worth a
 * per-secret metadata call (for AWS Secrets Manager ListSecretVersionIds, because
 * LastChangedDate also moves on tag, description and rotation-config edits). Each secret is
 * returned once. Only secrets of `provider[scope]` are returned: the caller confirms them with
 * that scope's account and region.
 *
 * @public
 */
export function providerAheadCandidates(
  clusters: ClusterIndex[],
  provider: ProviderMetadata,
  scope: string,
  secretProviders?: readonly SecretProvider[],
): ProviderSecretMetadata[] {
  const candidates = new Set<ProviderSecretMetadata>();
  forEachReadSecret(
    clusters,
    provider,
    scope,
    secretProviders,
    (secret, refreshTime) => {
      const changed = parseTime(secret.lastChangedDate);
      if (
        refreshTime &&
        !secret.deletedDate &&
        secret.currentVersionCreatedDate === undefined &&
        changed !== undefined &&
        changedAfterSync(changed, refreshTime)
      )
        candidates.add(secret);
    },
  );
  return [...candidates];
}

/**
 * The remote secrets of `provider[scope]` that at least one ExternalSecret of the clusters
 * reads, each once: providers whose listing gives only names (Vault's LIST) read the details of
 * these alone.
 *
 * @public
 */
export function readProviderSecrets(
  clusters: ClusterIndex[],
  provider: ProviderMetadata,
  scope: string,
  secretProviders?: readonly SecretProvider[],
): ProviderSecretMetadata[] {
  const read = new Set<ProviderSecretMetadata>();
  forEachReadSecret(clusters, provider, scope, secretProviders, secret =>
    read.add(secret),
  );
  return [...read];
}
