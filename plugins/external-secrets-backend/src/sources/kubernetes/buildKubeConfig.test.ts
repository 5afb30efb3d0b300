import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { buildKubeConfig } from './buildKubeConfig';

describe('buildKubeConfig', () => {
  it('builds a config with a static service account token', () => {
    const kc = buildKubeConfig({
      name: 'prod',
      url: 'https://k8s.example.com:6443/',
      serviceAccountToken: 'abc',
      caData: 'Y2E=',
    });
    expect(kc.getCurrentCluster()).toMatchObject({
      name: 'prod',
      server: 'https://k8s.example.com:6443',
      caData: 'Y2E=',
      skipTLSVerify: false,
    });
    expect(kc.getCurrentUser()).toMatchObject({ token: 'abc' });
  });

  it('uses the in-cluster token file when no token is configured', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-'));
    const tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, 'from-file');
    try {
      const kc = buildKubeConfig(
        { name: 'self', url: 'https://kubernetes.default.svc' },
        tokenFile,
      );
      expect(kc.getCurrentUser()?.authProvider).toEqual({
        name: 'tokenFile',
        config: { tokenFile },
      });
      expect(
        buildKubeConfig(
          { name: 'x', url: 'https://x' },
          path.join(dir, 'absent'),
        ).getCurrentUser(),
      ).toEqual({
        name: 'external-secrets',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects what can never work with a clear message', () => {
    expect(() =>
      buildKubeConfig({
        name: 'gke',
        url: 'https://x',
        authProvider: 'google',
      }),
    ).toThrow(
      new InputError(
        "authProvider 'google' is not supported by the live External Secrets source yet: use authProvider " +
          "'serviceAccount' with a serviceAccountToken for cluster 'gke'",
      ),
    );
    expect(() => buildKubeConfig({ name: 'a', url: 'not a url' })).toThrow(
      /is not a valid URL/,
    );
    expect(() =>
      buildKubeConfig({ name: 'a', url: 'http://localhost:8001' }),
    ).toThrow(/set skipTLSVerify: true/);
    expect(
      buildKubeConfig({
        name: 'a',
        url: 'http://localhost:8001',
        skipTLSVerify: true,
      }).getCurrentCluster(),
    ).toMatchObject({
      skipTLSVerify: true,
    });
  });
});
