import { ruleFields } from '../__testUtils__/fieldMessages';
import { validVaultPolicy } from '../__testUtils__/pipelineFixtures';
import {
  checkVaultKey,
  checkVaultMount,
  checkVaultPolicy,
  esoKvV2ReadPath,
  isVaultPath,
  isVaultPolicy,
  VaultPolicyExpectations,
} from './vaultPolicyRules';

const expected: VaultPolicyExpectations = {
  remoteKeys: ['checkout/prod/db'],
  mount: 'secret',
};

const fields = ruleFields(checkVaultPolicy, expected);

describe('esoKvV2ReadPath', () => {
  it.each([
    // The store names the mount: the key is the path under it.
    ['checkout/prod/db', 'secret', 'secret/data/checkout/prod/db'],
    ['db', 'secret', 'secret/data/db'],
    ['checkout/db', 'kv/team', 'kv/team/data/checkout/db'],
    // ESO drops a leading "<mount>/", and then "data/", from the key.
    ['secret/checkout/db', 'secret', 'secret/data/checkout/db'],
    ['secret/data/checkout/db', 'secret', 'secret/data/checkout/db'],
    ['data/checkout/db', 'secret', 'secret/data/data/checkout/db'],
    // Without a mount, the key's first segment is the mount.
    ['secret/checkout/db', undefined, 'secret/data/checkout/db'],
    ['secret/data/checkout/db', undefined, 'secret/data/checkout/db'],
    ['secret', undefined, 'secret/data'],
  ])('reads %s with mount %s at %s', (key, mount, path) => {
    expect(esoKvV2ReadPath(key, mount)).toBe(path);
  });
});

describe('Vault names', () => {
  it('knows a Vault path: segments without globs, "." or ".."', () => {
    for (const good of [
      'secret',
      'kv/team-a',
      'checkout/prod/db',
      'a.b/c_d@e=f',
    ]) {
      expect(isVaultPath(good)).toBe(true);
    }
    for (const bad of [
      '',
      '/a',
      'a/',
      'a//b',
      'a/./b',
      'a/../b',
      '..',
      'a/*',
      'a/+/b',
      'a b',
      1,
      undefined,
    ]) {
      expect(isVaultPath(bad)).toBe(false);
    }
  });

  it('checks mounts', () => {
    expect(checkVaultMount('secret')).toBeUndefined();
    expect(checkVaultMount('kv/team-a')).toBeUndefined();
    for (const bad of ['', '/secret', 'secret/', 'a//b', 'a/../b', 'se*', 1]) {
      expect(checkVaultMount(bad)).toMatch(/is not a Vault mount path/);
    }
  });

  it('checks keys, and the two ESO would read elsewhere', () => {
    expect(checkVaultKey('checkout/prod/db', 'secret')).toBeUndefined();
    expect(checkVaultKey('secrets/db', 'secret')).toBeUndefined();
    for (const bad of ['', '/a', 'a/', 'a/*', 'a/+/b', 'a/./b', 'a b']) {
      expect(checkVaultKey(bad, 'secret')).toMatch(
        /is not a Vault secret path/,
      );
    }
    expect(checkVaultKey('secret/checkout/db', 'secret')).toBe(
      `"secret/checkout/db" starts with the store's mount "secret/": ESO removes that and would read secret/data/checkout/db; give the secret's path under the mount`,
    );
    expect(checkVaultKey('data/checkout/db', 'secret')).toBe(
      '"data/checkout/db" starts with "data/": give the secret\'s path under the mount; ESO puts secret/data/ in front itself',
    );
    // Without a known mount the key carries it.
    expect(checkVaultKey('secret/checkout/db')).toBeUndefined();
  });
});

describe('checkVaultPolicy', () => {
  it('accepts the generated policy', () => {
    expect(isVaultPolicy(validVaultPolicy())).toBe(true);
    expect(fields(validVaultPolicy())).toEqual([]);
  });

  it('is not confused with an IAM policy', () => {
    expect(isVaultPolicy({ Version: '2012-10-17', Statement: [] })).toBe(false);
    expect(isVaultPolicy({ path: 'x' })).toBe(false);
  });

  it('refuses globs, even over the right path', () => {
    for (const glob of ['secret/data/checkout/*', 'secret/data/+/prod/db']) {
      expect(fields(validVaultPolicy(glob))).toEqual([
        `path["${glob}"]: is a glob: it grants every path it matches; name the exact path ESO reads ("secret/data/checkout/prod/db")`,
        'path: does not grant read on "secret/data/checkout/prod/db", which ESO reads for the key "checkout/prod/db"',
      ]);
    }
  });

  it('refuses the other paths of the mount, metadata/ above all', () => {
    const policy = {
      path: {
        'secret/data/checkout/prod/db': { capabilities: ['read'] },
        'secret/metadata/checkout/prod/db': { capabilities: ['read'] },
        'secret/destroy/checkout/prod/db': { capabilities: ['update'] },
        'secret/data/checkout/prod/other': { capabilities: ['read'] },
        'other/data/checkout/prod/db': { capabilities: ['read'] },
      },
    };
    expect(fields(policy)).toEqual([
      `path["secret/metadata/checkout/prod/db"]: is a metadata/ path: ESO reads only data/; metadata (versions, times) is the External Secrets health plugin's concern, under its own read-only policy`,
      'path["secret/destroy/checkout/prod/db"]: destroys versions: ESO only reads',
      `path["secret/destroy/checkout/prod/db"].capabilities[0]: "update" writes secrets: ESO's role needs only "read"`,
      'path["secret/data/checkout/prod/other"]: is not a path ESO reads for this ExternalSecret ("secret/data/checkout/prod/db"): grant read on exactly those',
      'path["other/data/checkout/prod/db"]: is not a path ESO reads for this ExternalSecret ("secret/data/checkout/prod/db"): grant read on exactly those',
    ]);
  });

  it('refuses every capability but read, and parameter constraints', () => {
    const policy = {
      path: {
        'secret/data/checkout/prod/db': {
          capabilities: ['read', 'list', 'create', 'sudo', 'root'],
          allowed_parameters: { version: [] },
        },
      },
      name: 'eso',
    };
    expect(fields(policy)).toEqual([
      'name: is not part of a Vault ACL policy: only path blocks are',
      'path["secret/data/checkout/prod/db"].allowed_parameters: is not needed: ESO\'s role needs only capabilities = ["read"]',
      `path["secret/data/checkout/prod/db"].capabilities[1]: "list" lists paths; ESO reads each key by its name and never lists: ESO's role needs only "read"`,
      `path["secret/data/checkout/prod/db"].capabilities[2]: "create" writes secrets: ESO's role needs only "read"`,
      `path["secret/data/checkout/prod/db"].capabilities[3]: "sudo" reaches root-protected paths: ESO's role needs only "read"`,
      'path["secret/data/checkout/prod/db"].capabilities[4]: "root" is not a Vault capability',
    ]);
  });

  it('needs read on the data path of every key ESO reads', () => {
    expect(
      fields(validVaultPolicy(), {
        remoteKeys: ['checkout/prod/db', 'checkout/prod/redis'],
      }),
    ).toEqual([
      'path: does not grant read on "secret/data/checkout/prod/redis", which ESO reads for the key "checkout/prod/redis"',
    ]);
    const denied = {
      path: {
        'secret/data/checkout/prod/db': { capabilities: ['read', 'deny'] },
      },
    };
    expect(fields(denied)).toEqual([
      `path["secret/data/checkout/prod/db"].capabilities[1]: "deny" is not needed: the policy grants nothing else to deny: ESO's role needs only "read"`,
      'path: does not grant read on "secret/data/checkout/prod/db", which ESO reads for the key "checkout/prod/db"',
    ]);
  });

  it('follows the mount of the store', () => {
    expect(fields(validVaultPolicy(), { mount: 'kv/team' })).toEqual([
      'path["secret/data/checkout/prod/db"]: is not a path ESO reads for this ExternalSecret ("kv/team/data/checkout/prod/db"): grant read on exactly those',
      'path: does not grant read on "kv/team/data/checkout/prod/db", which ESO reads for the key "checkout/prod/db"',
    ]);
    // Without a known mount, the key names it, as ESO reads a store without path.
    expect(
      fields(validVaultPolicy(), {
        mount: undefined,
        remoteKeys: ['secret/checkout/prod/db'],
      }),
    ).toEqual([]);
  });

  it('reports blocks it cannot read', () => {
    expect(fields({ path: { 'secret/data/checkout/prod/db': {} } })).toEqual([
      'path["secret/data/checkout/prod/db"].capabilities: is missing: capabilities = ["read"]',
      'path: does not grant read on "secret/data/checkout/prod/db", which ESO reads for the key "checkout/prod/db"',
    ]);
    expect(
      fields({
        path: { 'secret/data/checkout/prod/db': { capabilities: 'read' } },
      })[0],
    ).toBe(
      'path["secret/data/checkout/prod/db"].capabilities: must be a list: capabilities = ["read"]',
    );
    expect(
      fields({
        path: { 'secret/data/checkout/prod/db': { capabilities: [] } },
      })[0],
    ).toBe(
      'path["secret/data/checkout/prod/db"].capabilities: is empty: capabilities = ["read"]',
    );
    expect(
      fields({ path: { 'secret/data/checkout/prod/db': 'read' } })[0],
    ).toBe('path["secret/data/checkout/prod/db"]: is not a block of rules');
    expect(fields('path')).toEqual([
      '(document): has no path blocks (path "<mount>/data/<key>" { … })',
    ]);
  });
});
