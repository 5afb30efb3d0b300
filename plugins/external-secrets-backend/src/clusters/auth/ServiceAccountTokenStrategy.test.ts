import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ServiceAccountTokenStrategy } from './ServiceAccountTokenStrategy';

const cluster = (authMetadata: Record<string, string>) => ({
  name: 'c',
  url: 'https://c',
  authMetadata,
});

describe('ServiceAccountTokenStrategy', () => {
  it('sends the configured token, else the pod token file as it is now', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-'));
    const file = path.join(dir, 'token');
    try {
      const strategy = new ServiceAccountTokenStrategy(file);
      expect(
        await strategy.getCredential(cluster({ serviceAccountToken: 'abc' })),
      ).toEqual({ type: 'bearer token', token: 'abc' });

      await expect(strategy.getCredential(cluster({}))).rejects.toThrow(
        /no serviceAccountToken is configured and .*token cannot be read/,
      );
      fs.writeFileSync(file, 'first\n');
      expect(await strategy.getCredential(cluster({}))).toEqual({
        type: 'bearer token',
        token: 'first',
      });
      // The kubelet rotated it.
      fs.writeFileSync(file, 'second');
      expect(await strategy.getCredential(cluster({}))).toEqual({
        type: 'bearer token',
        token: 'second',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
