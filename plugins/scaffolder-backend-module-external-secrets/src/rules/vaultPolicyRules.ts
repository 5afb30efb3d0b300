import { isRecord } from '@eso-health/plugin-external-secrets-common';
import { Problem, problemsOf } from '../model/problems';

/**
 * A Vault KV path or mount: segments of letters, digits and `_.@=-`, without a leading or
 * trailing `/`. Excludes `*` and `+`, which a Vault policy path reads as globs.
 */
export const VAULT_PATH = /^[A-Za-z0-9_.@=-]+(\/[A-Za-z0-9_.@=-]+)*$/;

/** Every capability a Vault ACL policy knows; only `read` is ESO's. */
const CAPABILITIES: Record<string, string> = {
  read: '',
  create: 'writes secrets',
  update: 'writes secrets',
  patch: 'writes secrets',
  delete: 'deletes secrets',
  list: 'lists paths; ESO reads each key by its name and never lists',
  sudo: 'reaches root-protected paths',
  deny: 'is not needed: the policy grants nothing else to deny',
  subscribe: 'subscribes to events; ESO does not',
  recover: 'recovers snapshots; ESO does not',
};

/** Paths of a KV version 2 mount that are not `data/`, and why ESO needs none of them. */
const KV2_OTHER_PATHS: Record<string, string> = {
  metadata:
    "is a metadata/ path: ESO reads only data/; metadata (versions, times) is the External Secrets health plugin's concern, under its own read-only policy",
  delete: 'soft-deletes versions: ESO only reads',
  undelete: 'restores versions: ESO only reads',
  destroy: 'destroys versions: ESO only reads',
  subkeys: 'lists the keys of a secret: ESO reads the secret itself',
  config: "is the mount's configuration: ESO only reads secrets",
};

/**
 * A Vault path (a mount, or a secret's path under one) as policies and ESO take it: matches
 * {@link VAULT_PATH} and has no `.` or `..` segment.
 */
export function isVaultPath(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    VAULT_PATH.test(value) &&
    !value.split('/').some(segment => segment === '.' || segment === '..')
  );
}

/**
 * The path ESO 0.20 reads for `key` from a KV version 2 store, as its Vault provider builds
 * it: with the store's `path` (the mount) set, a leading `<mount>/` and then `data/` are
 * dropped from the key and `<mount>/data/` put in front; without it, the key's first segment
 * is the mount and `data` is inserted after it unless the key already has a `/data/`.
 */
export function esoKvV2ReadPath(key: string, mount?: string): string {
  if (mount) {
    let rest = key;
    if (rest.startsWith(`${mount}/`)) {
      rest = rest.slice(mount.length + 1);
      if (rest.startsWith('data/')) rest = rest.slice('data/'.length);
    }
    return `${mount}/data/${rest}`;
  }
  if (key.includes('/data/')) return key;
  const slash = key.indexOf('/');
  return slash < 0
    ? `${key}/data`
    : `${key.slice(0, slash)}/data/${key.slice(slash + 1)}`;
}

export function checkVaultMount(value: unknown): string | undefined {
  if (!isVaultPath(value)) {
    return `${JSON.stringify(
      value,
    )} is not a Vault mount path such as secret or kv/team: segments of letters, digits and _.@=- without a leading or trailing "/"`;
  }
  return undefined;
}

/**
 * A remote key of a KV version 2 store whose `path` is `mount`: the secret's path under the
 * mount. ESO 0.20 drops a leading `<mount>/` from the key, so a key starting with the
 * mount's name cannot name a secret of that name under the mount; and a key starting with
 * `data/` is almost always the API path typed by mistake.
 */
export function checkVaultKey(
  value: unknown,
  mount?: string,
): string | undefined {
  if (!isVaultPath(value)) {
    return `${JSON.stringify(
      value,
    )} is not a Vault secret path such as checkout/prod/db: segments of letters, digits and _.@=- without a leading or trailing "/" (no * or +)`;
  }
  if (mount && value.startsWith(`${mount}/`)) {
    return `${JSON.stringify(
      value,
    )} starts with the store's mount "${mount}/": ESO removes that and would read ${esoKvV2ReadPath(
      value,
      mount,
    )}; give the secret's path under the mount`;
  }
  if (mount && value.startsWith('data/')) {
    return `${JSON.stringify(
      value,
    )} starts with "data/": give the secret's path under the mount; ESO puts ${mount}/data/ in front itself`;
  }
  return undefined;
}

export interface VaultPolicyExpectations {
  /** Remote keys the ExternalSecrets read: ESO's role must read each one's data path. */
  remoteKeys: string[];
  /** The store's `spec.provider.vault.path` (the KV version 2 mount), when known. */
  mount?: string;
}

/** A Vault ACL policy in its JSON form: `{ path: { "<path>": { capabilities: [...] } } }`. */
export function isVaultPolicy(doc: unknown): boolean {
  return isRecord(doc) && isRecord(doc.path) && !('Statement' in doc);
}

/**
 * Checks the Vault policy for ESO's role: `read`, and only `read`, on exactly the data path
 * ESO reads for each remote key: no glob (`*`, `+`), no `metadata/` or other KV paths, no
 * other path, no write or list, no parameter constraints.
 */
export function checkVaultPolicy(
  doc: unknown,
  expected: VaultPolicyExpectations,
): Problem[] {
  const { problems, problem } = problemsOf('Vault policy');
  if (!isRecord(doc) || !isRecord(doc.path)) {
    problem(
      '(document)',
      'has no path blocks (path "<mount>/data/<key>" { … })',
    );
    return problems;
  }
  for (const key of Object.keys(doc)) {
    if (key !== 'path') {
      problem(key, 'is not part of a Vault ACL policy: only path blocks are');
    }
  }
  const readPaths = new Map(
    expected.remoteKeys.map(key => [esoKvV2ReadPath(key, expected.mount), key]),
  );
  const wanted = [...readPaths.keys()].map(p => `"${p}"`).join(', ');
  const readable = new Set<string>();

  for (const [path, rules] of Object.entries(doc.path)) {
    const base = `path[${JSON.stringify(path)}]`;
    if (/[*+]/.test(path)) {
      problem(
        base,
        `is a glob: it grants every path it matches; name the exact path ESO reads (${
          wanted || '<mount>/data/<key>'
        })`,
      );
    } else if (!readPaths.has(path)) {
      const segments = path.split('/');
      const mountSegments = expected.mount
        ? expected.mount.split('/').length
        : 1;
      const kind = segments[mountSegments];
      const other =
        expected.mount && !path.startsWith(`${expected.mount}/`)
          ? undefined
          : KV2_OTHER_PATHS[kind];
      problem(
        base,
        other ??
          `is not a path ESO reads for this ExternalSecret (${
            wanted || 'none'
          }): grant read on exactly those`,
      );
    }
    if (!isRecord(rules)) {
      problem(base, 'is not a block of rules');
      continue;
    }
    for (const key of Object.keys(rules)) {
      if (key !== 'capabilities') {
        problem(
          `${base}.${key}`,
          'is not needed: ESO\'s role needs only capabilities = ["read"]',
        );
      }
    }
    const capabilities = rules.capabilities;
    if (!Array.isArray(capabilities)) {
      problem(
        `${base}.capabilities`,
        capabilities === undefined
          ? 'is missing: capabilities = ["read"]'
          : 'must be a list: capabilities = ["read"]',
      );
      continue;
    }
    if (capabilities.length === 0) {
      problem(`${base}.capabilities`, 'is empty: capabilities = ["read"]');
    }
    capabilities.forEach((capability, c) => {
      const field = `${base}.capabilities[${c}]`;
      if (typeof capability !== 'string' || !(capability in CAPABILITIES)) {
        problem(
          field,
          `${JSON.stringify(capability)} is not a Vault capability`,
        );
      } else if (capability !== 'read') {
        problem(
          field,
          `"${capability}" ${CAPABILITIES[capability]}: ESO's role needs only "read"`,
        );
      }
    });
    if (capabilities.includes('read') && !capabilities.includes('deny')) {
      readable.add(path);
    }
  }

  for (const [path, key] of readPaths) {
    if (!readable.has(path)) {
      problem(
        'path',
        `does not grant read on "${path}", which ESO reads for the key "${key}"`,
      );
    }
  }
  return problems;
}
