import { ProviderIndex } from '../providers/indexProviders';
import { ExternalSecretView } from '../kubernetes/readExternalSecret';
import { SecretStoreView } from '../kubernetes/readSecretStore';
import { ProviderContext } from '../rules/types';

/** The provider lookups of an ExternalSecret's remote keys, when an installed provider serves its store. */
export function providerContext(
  es: ExternalSecretView,
  store: SecretStoreView | undefined,
  providers: ProviderIndex,
  evidence: ProviderContext['evidence'],
): ProviderContext | undefined {
  const served = providers.forStore(store);
  if (!served) return undefined;
  return {
    title: served.provider.title,
    location: served.location,
    wording: served.provider.wording,
    prefix: served.prefix,
    scope: served.scope ?? null,
    keys: es.remoteKeys.map(key => ({ key, lookup: served.resolve(key) })),
    evidence,
  };
}
