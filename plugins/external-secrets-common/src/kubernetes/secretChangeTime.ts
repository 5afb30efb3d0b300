import { parseTime } from '../time/parseTime';
import { sha3_224 } from './sha3_224';
import { isRecord, records, str } from './untrusted';

/** ESO's field manager on a target Secret: `<prefix><es-name>`, or `<prefix>sha3/<sha3-224(es-name)>` for long names. */
export const ESO_FIELD_MANAGER_PREFIX = 'externalsecrets.external-secrets.io/';
/** Field manager of older ESO releases. */
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

/**
 * The last time a Secret's data changed: the newest `time` among the managedFields entries of
 * ESO's field manager for this ExternalSecret (any operation or subresource), combined with an
 * optional observed change time (e.g. a data-hash annotation change seen by the backend);
 * the newest wins. Entries of other managers (kubectl, Reloader, Argo CD, another
 * ExternalSecret merging into the same Secret) are ignored. The `…/sha3/<hash>` form, which
 * ESO uses when the manager name would exceed 63 characters, is matched by computing SHA3-224
 * of the ES name exactly like ESO, so it only counts this ES.
 * Returns the winning timestamp as given, or null without evidence.
 */
export function secretChangeTime(
  secret: unknown,
  externalSecretName: string,
  observedChange?: string | null,
): string | null {
  const direct = `${ESO_FIELD_MANAGER_PREFIX}${externalSecretName}`;
  const usesHash = new TextEncoder().encode(direct).length > MAX_MANAGER_LENGTH;
  const isOwnManager = (manager: string): boolean => {
    if (manager === direct || manager === LEGACY_ESO_FIELD_MANAGER) return true;
    // Hashed lazily: only long names use it, and only Secrets with a sha3 entry need it.
    return (
      usesHash &&
      manager.startsWith(SHA3_PREFIX) &&
      manager === hashedManager(externalSecretName)
    );
  };

  let best: string | null = null;
  let bestMs = -Infinity;
  const consider = (time: unknown) => {
    const ms = parseTime(time);
    if (ms !== undefined && ms > bestMs) {
      best = time as string;
      bestMs = ms;
    }
  };

  const metadata = isRecord(secret) ? secret.metadata : undefined;
  for (const entry of records(
    isRecord(metadata) ? metadata.managedFields : undefined,
  )) {
    const manager = str(entry.manager);
    if (manager && isOwnManager(manager)) consider(entry.time);
  }
  consider(observedChange);
  return best;
}
