import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import type { KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import { RequestContext, HttpMethod } from '@kubernetes/client-node';
import { buildKubeConfig, CredentialSource } from './buildKubeConfig';

const provider = (name: string) => ({ 'kubernetes.io/auth-provider': name });

/** A credential source that hands out the given credentials one after another. */
function sequence(...credentials: KubernetesCredential[]): CredentialSource {
  let i = 0;
  return {
    get: async () => credentials[Math.min(i++, credentials.length - 1)],
  };
}

/** The headers and TLS options the KubeConfig applies to one request. */
async function applied(kc: ReturnType<typeof buildKubeConfig>) {
  const context = new RequestContext('https://x/api', HttpMethod.GET);
  await kc.applySecurityAuthentication(context);
  const init = await kc.applyToFetchOptions({});
  return {
    authorization: context.getHeaders().Authorization,
    watchAuthorization: (init.headers as any)?.get?.('Authorization'),
    agent: init.agent as any,
  };
}

describe('buildKubeConfig', () => {
  it('asks the credential source on every request, so a renewed token applies at once', async () => {
    const kc = buildKubeConfig(
      {
        name: 'prod',
        url: 'https://k8s.example.com:6443/',
        authMetadata: provider('aws'),
        caData: 'Y2E=',
      },
      sequence(
        { type: 'bearer token', token: 'first' },
        { type: 'bearer token', token: 'second' },
        { type: 'bearer token', token: 'third' },
      ),
    );
    expect(kc.getCurrentCluster()).toMatchObject({
      name: 'prod',
      server: 'https://k8s.example.com:6443',
      caData: 'Y2E=',
      skipTLSVerify: false,
    });
    const { authorization, watchAuthorization } = await applied(kc);
    expect(authorization).toBe('Bearer first');
    expect(watchAuthorization).toBe('Bearer second');
    expect((await applied(kc)).authorization).toBe('Bearer third');
  });

  it('presents a client certificate credential on the TLS connection', async () => {
    const kc = buildKubeConfig(
      { name: 'x', url: 'https://x', authMetadata: provider('custom') },
      sequence({ type: 'x509 client certificate', cert: 'CERT', key: 'KEY' }),
    );
    const { agent, authorization } = await applied(kc);
    expect(authorization).toBeUndefined();
    expect(agent.options).toMatchObject({ cert: 'CERT', key: 'KEY' });
  });

  it('reads a kubeconfig file and context as they are (exec plugins, certificates)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-'));
    const file = path.join(dir, 'config');
    fs.writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          { name: 'a', cluster: { server: 'https://a.example.com' } },
          { name: 'b', cluster: { server: 'https://b.example.com' } },
        ],
        users: [
          {
            name: 'exec-user',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1',
                command: 'get-token',
              },
            },
          },
        ],
        contexts: [
          { name: 'ctx-a', context: { cluster: 'a', user: 'exec-user' } },
          { name: 'ctx-b', context: { cluster: 'b', user: 'exec-user' } },
        ],
        'current-context': 'ctx-a',
      }),
    );
    try {
      const kc = buildKubeConfig(
        {
          name: 'b',
          url: 'https://b.example.com',
          authMetadata: provider('kubeconfig'),
          kubeconfig: { path: file, context: 'ctx-b' },
        },
        sequence(),
      );
      expect(kc.getCurrentCluster()?.server).toBe('https://b.example.com');
      expect(kc.getCurrentUser()?.exec?.command).toBe('get-token');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects what can never work with a clear message', () => {
    const build = (url: string, extra = {}) =>
      buildKubeConfig(
        { name: 'a', url, authMetadata: provider('serviceAccount'), ...extra },
        sequence(),
      );
    expect(() => build('not a url')).toThrow(
      new InputError("the url 'not a url' of cluster 'a' is not a valid URL"),
    );
    expect(() => build('http://localhost:8001')).toThrow(
      /set skipTLSVerify: true/,
    );
    expect(
      build('http://localhost:8001', {
        skipTLSVerify: true,
      }).getCurrentCluster(),
    ).toMatchObject({ skipTLSVerify: true });
    // kubectl proxy: plain http on this host, nothing to verify.
    expect(
      buildKubeConfig(
        {
          name: 'local',
          url: 'http://127.0.0.1:8001',
          authMetadata: provider('localKubectlProxy'),
        },
        sequence({ type: 'anonymous' }),
      ).getCurrentCluster(),
    ).toMatchObject({ skipTLSVerify: true });
  });
});
