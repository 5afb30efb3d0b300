import { startVault } from './vault';

// The policy the backend's Vault collector is meant to run with: key names and metadata, never
// a value.
const METADATA_ONLY = `
path "secret/metadata/*" { capabilities = ["read", "list"] }
path "secret/data/*"     { capabilities = ["deny"] }
`;

describe('startVault', () => {
  it('serves a dev Vault on loopback and stops cleanly', async () => {
    const vault = await startVault();
    try {
      expect(vault.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await vault.request('GET', 'sys/health');
      expect(health).toMatchObject({ initialized: true, sealed: false });
      expect(health.version).toBe('1.21.4');
    } finally {
      await vault.stop();
    }
    await expect(fetch(`${vault.address}/v1/sys/health`)).rejects.toThrow();
  });

  it('lets a metadata-only token list and read metadata, and refuses it the values', async () => {
    const vault = await startVault();
    try {
      await vault.writePolicy('eso-health-metadata', METADATA_ONLY);
      const token = await vault.createToken(['eso-health-metadata']);
      expect(await vault.putKv('secret', 'team/db', { password: 'p1' })).toBe(
        1,
      );
      expect(await vault.putKv('secret', 'team/db', { password: 'p2' })).toBe(
        2,
      );

      const listed = await vault.request(
        'LIST',
        'secret/metadata/team',
        undefined,
        token,
      );
      expect(listed.data.keys).toEqual(['db']);
      const metadata = await vault.request(
        'GET',
        'secret/metadata/team/db',
        undefined,
        token,
      );
      expect(metadata.data.current_version).toBe(2);
      expect(JSON.stringify(metadata)).not.toContain('p2');

      await expect(
        vault.request('GET', 'secret/data/team/db', undefined, token),
      ).rejects.toThrow(/answered 403/);
      // The root token can, which proves the 403 is the policy's doing.
      expect(
        (await vault.request('GET', 'secret/data/team/db')).data.metadata
          .version,
      ).toBe(2);
    } finally {
      await vault.stop();
    }
  });

  it('deletes and destroys versions, mounts KV v1 and logs in with AppRole', async () => {
    const vault = await startVault();
    try {
      await vault.putKv('secret', 'a', { k: 'v1' });
      await vault.putKv('secret', 'a', { k: 'v2' });
      await vault.deleteKv('secret', 'a');
      await vault.destroyVersions('secret', 'a', [1]);
      const versions = (await vault.request('GET', 'secret/metadata/a')).data
        .versions;
      expect(versions['1'].destroyed).toBe(true);
      expect(versions['2'].deletion_time).not.toBe('');

      await vault.enableKvV1('kv1');
      await vault.request('POST', 'kv1/x', { k: 'v' });
      expect((await vault.request('LIST', 'kv1/')).data.keys).toEqual(['x']);

      await vault.writePolicy('eso-health-metadata', METADATA_ONLY);
      const { roleId, secretId } = await vault.enableAppRole('reader', [
        'eso-health-metadata',
      ]);
      const login = await vault.request('POST', 'auth/approle/login', {
        role_id: roleId,
        secret_id: secretId,
      });
      expect(login.auth.policies).toContain('eso-health-metadata');
      // A second role reuses the AppRole mount.
      await expect(
        vault.enableAppRole('other', ['default']),
      ).resolves.toMatchObject({ roleId: expect.any(String) });
    } finally {
      await vault.stop();
    }
  });

  it('names the build command when the binary is missing', async () => {
    const saved = process.env.VAULT_BIN;
    process.env.VAULT_BIN = '/nonexistent/vault';
    try {
      await expect(startVault()).rejects.toThrow(/bash lab\/build\/all\.sh/);
    } finally {
      if (saved === undefined) delete process.env.VAULT_BIN;
      else process.env.VAULT_BIN = saved;
    }
  });
});
