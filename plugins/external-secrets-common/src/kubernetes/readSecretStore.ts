import { ReadyCondition } from '../types/report';
import { readReadyCondition } from './conditions';
import { StoreKind } from './readExternalSecret';
import { isRecord, str } from './untrusted';

/** @public */
export interface SecretStoreView {
  kind: StoreKind;
  name: string;
  /** Null for a ClusterSecretStore. */
  namespace: string | null;
  ready: ReadyCondition | null;
  /** First key of `spec.provider`, e.g. `aws`, `vault`. */
  provider: string | null;
  /** `spec.provider` as found (untrusted): the provider seam reads its own settings from it. */
  providerSpec: Record<string, unknown>;
}

/**
 * Normalises an untrusted SecretStore or ClusterSecretStore of the given kind. Returns
 * undefined when the object is another kind, has no name, or is a SecretStore without namespace.
 *
 * @public
 */
export function readSecretStore(
  object: unknown,
  kind: StoreKind,
): SecretStoreView | undefined {
  if (!isRecord(object) || !isRecord(object.metadata)) return undefined;
  if (object.kind !== undefined && object.kind !== kind) return undefined;
  const name = str(object.metadata.name);
  const namespace =
    kind === 'SecretStore' ? str(object.metadata.namespace) : undefined;
  if (!name || (kind === 'SecretStore' && !namespace)) return undefined;

  const providers =
    isRecord(object.spec) && isRecord(object.spec.provider)
      ? object.spec.provider
      : {};
  const provider = Object.keys(providers)[0] ?? null;
  return {
    kind,
    name,
    namespace: namespace ?? null,
    ready: readReadyCondition(object),
    provider,
    providerSpec: providers,
  };
}
