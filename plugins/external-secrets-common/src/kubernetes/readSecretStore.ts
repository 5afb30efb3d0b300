import { ReadyCondition } from '../types/report';
import { readReadyCondition } from './conditions';
import { StoreKind } from './readExternalSecret';
import { isRecord, str } from './untrusted';

export interface AwsStoreSettings {
  /** `SecretsManager`, `ParameterStore`…; null when unset (ESO then uses SecretsManager). */
  service: string | null;
  region: string | null;
  /** IAM role ESO assumes (`spec.provider.aws.role`): it picks the account whose listing applies. */
  role: string | null;
  /** Prepended by ESO to every remote key. */
  prefix: string | null;
}

export interface SecretStoreView {
  kind: StoreKind;
  name: string;
  /** Null for a ClusterSecretStore. */
  namespace: string | null;
  ready: ReadyCondition | null;
  /** First key of `spec.provider`, e.g. `aws`, `vault`. */
  provider: string | null;
  /** Set when the provider is `aws`. */
  aws: AwsStoreSettings | null;
}

/**
 * Normalises an untrusted SecretStore or ClusterSecretStore of the given kind. Returns
 * undefined when the object is another kind, has no name, or is a SecretStore without namespace.
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
  const aws =
    provider === 'aws' && isRecord(providers.aws) ? providers.aws : undefined;
  return {
    kind,
    name,
    namespace: namespace ?? null,
    ready: readReadyCondition(object),
    provider,
    aws:
      provider === 'aws'
        ? {
            service: str(aws?.service) ?? null,
            region: str(aws?.region) ?? null,
            role: str(aws?.role) ?? null,
            prefix: str(aws?.prefix) ?? null,
          }
        : null,
  };
}
