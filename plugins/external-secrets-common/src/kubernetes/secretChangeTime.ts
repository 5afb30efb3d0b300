import { parseTime } from '../time/parseTime';
import { sha3_224 } from './sha3_224';
import { isRecord, records, str } from './untrusted';

/**
 * ESO's field manager on a target Secret: `<prefix><es-name>`, or `<prefix>sha3/<sha3-224(es-name)>` for long names.
 *
 * @public
 */
export const ESO_FIELD_MANAGER_PREFIX = 'externalsecrets.external-secrets.io/';
/**
 * Field manager of older ESO releases.
 *
 * @public
 */
export const LEGACY_ESO_FIELD_MANAGER = 'external-secrets';

const SHA3_PREFIX = `${ESO_FIELD_MANAGER_PREFIX}sha3/`;
/** ESO switches to the hashed manager when `<prefix><es-name>` is longer than a DNS label (ESO `fqdnFor`). */
const MAX_MANAGER_LENGTH = 63;

/**
 * Hashed manager names by ES name. The backend re-evaluates the same ExternalSecrets on every
 * change and hashing is the costliest step, so results are kept, up to a bound.
 */
const hashedManagers = new Map<string, string>();
const MAX_CACHED = 100_000;

function hashedManager(externalSecretName: string): string {
  let manager = hashedManagers.get(externalSecretName);
  if (manager === undefined) {
    if (hashedManagers.size >= MAX_CACHED) hashedManagers.clear();
    manager = `${SHA3_PREFIX}${sha3_224(externalSecretName)}`;
    hashedManagers.set(externalSecretName, manager);
  }
  return manager;
}

/** True for a field manager of any ExternalSecret (current, hashed or legacy form). */
function isEsoManager(manager: string): boolean {
  return (
    manager.startsWith(ESO_FIELD_MANAGER_PREFIX) ||
    manager === LEGACY_ESO_FIELD_MANAGER
  );
}

/** The newest `time` among managedFields entries accepted by `accept`, as given. */
function newestManagedTime(
  secret: unknown,
  accept: (manager: string) => boolean,
): string | null {
  let best: string | null = null;
  let bestMs = -Infinity;
  const metadata = isRecord(secret) ? secret.metadata : undefined;
  for (const entry of records(
    isRecord(metadata) ? metadata.managedFields : undefined,
  )) {
    const manager = str(entry.manager);
    const ms = parseTime(entry.time);
    if (manager && accept(manager) && ms !== undefined && ms > bestMs) {
      best = entry.time as string;
      bestMs = ms;
    }
  }
  return best;
}

/**
 * When any ExternalSecret last wrote this Secret (the newest ESO managedFields time), or null.
 * The backend records it when it sees the Secret's data-hash change, as the time of that change.
 *
 * @public
 */
export function esoWriteTime(secret: unknown): string | null {
  return newestManagedTime(secret, isEsoManager);
}

/**
 * The last time a Secret's data changed.
 *
 * - With `trackedChange` (a running backend follows the Secret's
 *   `reconcile.external-secrets.io/data-hash` and recorded when the current hash arrived), that
 *   time wins: ESO also rewrites the Secret, and so moves its managedFields time, when only
 *   metadata changes, e.g. the force-sync annotation it copies from the ExternalSecret.
 * - Otherwise (the CLI, a replayed dump, a hash seen before the backend recorded times): the
 *   newest `time` among the managedFields entries of ESO's field manager for this ExternalSecret
 *   (any operation or subresource). Entries of other managers (kubectl, Reloader, Argo CD,
 *   another ExternalSecret merging into the same Secret) are ignored. The `…/sha3/<hash>` form,
 *   which ESO uses when the manager name would exceed 63 characters, is matched by computing
 *   SHA3-224 of the ES name exactly like ESO, so it only counts this ES.
 *
 * Returns the timestamp as given, or null without evidence.
 *
 * @public
 */
export function secretChangeTime(
  secret: unknown,
  externalSecretName: string,
  trackedChange?: string | null,
): string | null {
  if (parseTime(trackedChange) !== undefined) return trackedChange as string;
  const direct = `${ESO_FIELD_MANAGER_PREFIX}${externalSecretName}`;
  const usesHash = new TextEncoder().encode(direct).length > MAX_MANAGER_LENGTH;
  return newestManagedTime(
    secret,
    manager =>
      manager === direct ||
      manager === LEGACY_ESO_FIELD_MANAGER ||
      // Hashed lazily: only long names use it, and only Secrets with a sha3 entry need it.
      (usesHash &&
        manager.startsWith(SHA3_PREFIX) &&
        manager === hashedManager(externalSecretName)),
  );
}
