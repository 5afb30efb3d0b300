import { ReadyCondition, RefreshPolicy } from '../types/report';
import { parseGoDuration } from '../time/parseGoDuration';
import { readReadyCondition } from './conditions';
import { isRecord, records, str, stringMap } from './untrusted';

/** @public */
export type StoreKind = 'SecretStore' | 'ClusterSecretStore';

/** @public */
export const EXTERNAL_SECRETS_GROUP = 'external-secrets.io';
/**
 * The versions whose ExternalSecret shape this package reads; v1 wins over v1beta1.
 *
 * @public
 */
export const EXTERNAL_SECRET_API_VERSIONS = [
  `${EXTERNAL_SECRETS_GROUP}/v1`,
  `${EXTERNAL_SECRETS_GROUP}/v1beta1`,
] as const;

/**
 * CRD default of `spec.refreshInterval` (`1h`).
 *
 * @public
 */
export const DEFAULT_REFRESH_INTERVAL_SECONDS = 3600;

const REFRESH_POLICIES: RefreshPolicy[] = [
  'Periodic',
  'CreatedOnce',
  'OnChange',
];

/** @public */
export interface ExternalSecretStoreRef {
  kind: StoreKind;
  name: string;
  /** The raw `secretStoreRef.kind` when it is neither SecretStore nor ClusterSecretStore (then `kind` is SecretStore). */
  invalidKind?: string;
}

/**
 * A plain, typed view of an ExternalSecret (v1 or v1beta1) with ESO's defaults applied.
 *
 * @public
 */
export interface ExternalSecretView {
  name: string;
  namespace: string;
  apiVersion: string;
  uid: string | null;
  labels: Record<string, string>;
  creationTimestamp: string | null;
  /** Null when the spec names no store (e.g. only generator sources). */
  storeRef: ExternalSecretStoreRef | null;
  /** Target Secret name (defaults to the ES name); null for a non-Secret target. */
  targetName: string | null;
  /** `target.manifest` of a non-Secret target (ESO v1.0.0+), else null. */
  targetManifest: { apiVersion: string | null; kind: string | null } | null;
  /** `target.creationPolicy`, default `Owner`. */
  creationPolicy: string;
  /** Seconds; CRD default 1h when absent; null when unparseable; negative values read as 0 like ESO. */
  refreshInterval: number | null;
  refreshPolicy: RefreshPolicy;
  hasSyncWindows: boolean;
  /** `status.refreshTime`: last successful sync. */
  refreshTime: string | null;
  ready: ReadyCondition | null;
  /**
   * Provider keys read from the ES's own store: `data[].remoteRef.key` and
   * `dataFrom[].extract.key`, deduplicated. Entries with their own `sourceRef` (another store
   * or a generator) and `dataFrom[].find` are not keys of this store and are left out.
   */
  remoteKeys: string[];
  /** Name of the owning ClusterExternalSecret, from ownerReferences. */
  clusterExternalSecret: string | null;
}

function isNonEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (!isRecord(value)) return false;
  // Accept both `{windows: [...]}` and any other non-empty object shape of syncWindows.
  return Array.isArray(value.windows)
    ? value.windows.length > 0
    : Object.keys(value).length > 0;
}

function readRefreshInterval(value: unknown): number | null {
  if (value === undefined || value === null)
    return DEFAULT_REFRESH_INTERVAL_SECONDS;
  const seconds =
    typeof value === 'string' ? parseGoDuration(value) : undefined;
  if (seconds === undefined) return null;
  // ESO treats any interval <= 0 as "no periodic refresh", like 0.
  return Math.max(0, seconds);
}

function readStoreRef(value: unknown): ExternalSecretStoreRef | null {
  const name = isRecord(value) ? str(value.name) : undefined;
  if (!isRecord(value) || !name) return null;
  const kind = str(value.kind) ?? 'SecretStore';
  if (kind === 'SecretStore' || kind === 'ClusterSecretStore')
    return { kind, name };
  return { kind: 'SecretStore', name, invalidKind: kind };
}

function readRemoteKeys(spec: Record<string, any>): string[] {
  const keys = new Set<string>();
  for (const item of records(spec.data)) {
    const key = isRecord(item.remoteRef) ? str(item.remoteRef.key) : undefined;
    if (key && !item.sourceRef) keys.add(key);
  }
  for (const item of records(spec.dataFrom)) {
    const key = isRecord(item.extract) ? str(item.extract.key) : undefined;
    if (key && !item.sourceRef) keys.add(key);
  }
  return [...keys];
}

/**
 * Normalises an untrusted ExternalSecret object. Returns undefined when it is not an
 * ExternalSecret of a version this package reads, or lacks a name or namespace.
 *
 * @public
 */
export function readExternalSecret(
  object: unknown,
): ExternalSecretView | undefined {
  if (!isRecord(object) || !isRecord(object.metadata)) return undefined;
  if (object.kind !== undefined && object.kind !== 'ExternalSecret')
    return undefined;
  const apiVersion = str(object.apiVersion) ?? EXTERNAL_SECRET_API_VERSIONS[0];
  if (!(EXTERNAL_SECRET_API_VERSIONS as readonly string[]).includes(apiVersion))
    return undefined;
  const metadata = object.metadata;
  const name = str(metadata.name);
  const namespace = str(metadata.namespace);
  if (!name || !namespace) return undefined;

  const spec = isRecord(object.spec) ? object.spec : {};
  const target = isRecord(spec.target) ? spec.target : {};
  const manifest = isRecord(target.manifest) ? target.manifest : undefined;
  const status = isRecord(object.status) ? object.status : {};
  const refreshPolicy =
    REFRESH_POLICIES.find(p => p === spec.refreshPolicy) ?? 'Periodic';
  const owner = records(metadata.ownerReferences).find(
    ref => ref.kind === 'ClusterExternalSecret' && str(ref.name),
  );

  return {
    name,
    namespace,
    apiVersion,
    uid: str(metadata.uid) ?? null,
    labels: stringMap(metadata.labels),
    creationTimestamp: str(metadata.creationTimestamp) ?? null,
    storeRef: readStoreRef(spec.secretStoreRef),
    targetName: manifest ? null : str(target.name) ?? name,
    targetManifest: manifest
      ? {
          apiVersion: str(manifest.apiVersion) ?? null,
          kind: str(manifest.kind) ?? null,
        }
      : null,
    creationPolicy: str(target.creationPolicy) ?? 'Owner',
    refreshInterval: readRefreshInterval(spec.refreshInterval),
    refreshPolicy,
    hasSyncWindows: isNonEmpty(spec.syncWindows),
    refreshTime: str(status.refreshTime) ?? null,
    ready: readReadyCondition(object),
    remoteKeys: readRemoteKeys(spec),
    clusterExternalSecret: owner ? owner.name : null,
  };
}
