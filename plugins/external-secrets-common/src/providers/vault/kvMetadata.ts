import { parseGoDuration } from '../../time/parseGoDuration';
import { ProviderSecretMetadata } from '../../types/provider';

/**
 * The `data` of `GET <mount>/metadata/<path>` on a KV version 2 mount (no values in it).
 *
 * @public
 */
export interface VaultKvMetadata {
  current_version?: number;
  updated_time?: string;
  delete_version_after?: string;
  versions?: Record<
    string,
    { created_time?: string; deletion_time?: string; destroyed?: boolean }
  >;
}

const iso = (time: unknown) =>
  typeof time === 'string' && time && !Number.isNaN(Date.parse(time))
    ? new Date(Date.parse(time)).toISOString()
    : null;

/**
 * One key's KV v2 metadata as provider metadata, shared by the Vault collector and the drift
 * CLI: the current version's creation time is the change evidence; a deleted or destroyed
 * current version is gone; a `deletion_time` still ahead of `now` (set from
 * `delete_version_after`) is an expiry. A key whose metadata has no version yet holds no value
 * (undefined).
 *
 * @public
 */
export function vaultKvSecretMetadata(options: {
  server: string;
  mount: string;
  path: string;
  metadata: VaultKvMetadata;
  /** When the metadata was read (epoch ms). */
  now: number;
}): ProviderSecretMetadata | undefined {
  const { server, mount, path, metadata, now } = options;
  const current = Number(metadata.current_version ?? 0);
  const version = metadata.versions?.[String(current)];
  if (!current || !version) return undefined;
  const created = iso(version.created_time);
  const deletion = iso(version.deletion_time);
  const deletionDue = deletion ? Date.parse(deletion) : undefined;
  const deleteAfter =
    typeof metadata.delete_version_after === 'string'
      ? parseGoDuration(metadata.delete_version_after)
      : undefined;
  let expiresDate: string | null = null;
  if (deletionDue !== undefined && deletionDue > now) expiresDate = deletion;
  else if (!deletion && created && deleteAfter)
    expiresDate = new Date(
      Date.parse(created) + deleteAfter * 1000,
    ).toISOString();
  let gone: 'deleted' | 'destroyed' | undefined;
  if (version.destroyed === true) gone = 'destroyed';
  else if (deletionDue !== undefined && deletionDue <= now) gone = 'deleted';
  return {
    provider: 'vault',
    region: mount,
    name: path,
    arn: `${server}/${mount}/${path}`,
    lastChangedDate: iso(metadata.updated_time) ?? created,
    currentVersionCreatedDate: created,
    currentVersion: current,
    ...(gone ? { deletion: gone, deletedDate: deletion ?? created } : {}),
    ...(expiresDate ? { expiresDate } : {}),
  };
}
