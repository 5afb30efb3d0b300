import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { DEFAULT_THRESHOLDS } from '@eso-health/plugin-external-secrets-common';
import { readExternalSecretsConfig } from './readExternalSecretsConfig';

describe('readExternalSecretsConfig', () => {
  it('reads manifests and live clusters, thresholds and replay', () => {
    const config = readExternalSecretsConfig(
      new ConfigReader({
        externalSecrets: {
          clusters: [
            { name: 'demo', manifests: './demo' },
            {
              name: 'prod',
              url: 'https://k8s.example:6443',
              authProvider: 'serviceAccount',
              serviceAccountToken: 't',
            },
          ],
          replay: { capturedAt: '2026-11-23T12:00:00Z' },
          thresholds: { reconcileGraceSeconds: 60 },
          aws: { listSecretsFiles: ['./aws.json'] },
        },
      }),
    );
    expect(config.manifestClusters).toEqual([
      { name: 'demo', manifests: './demo' },
    ]);
    expect(config.clusterLocators).toEqual([
      {
        type: 'config',
        clusters: [
          {
            name: 'prod',
            url: 'https://k8s.example:6443',
            authMetadata: {
              'kubernetes.io/auth-provider': 'serviceAccount',
              serviceAccountToken: 't',
            },
            skipTLSVerify: false,
            caData: undefined,
            caFile: undefined,
            source: 'config',
          },
        ],
      },
    ]);
    expect(config.thresholds).toEqual({
      ...DEFAULT_THRESHOLDS,
      reconcileGraceSeconds: 60,
    });
    expect(config.replayCapturedAt).toBe('2026-11-23T12:00:00Z');
    expect(config.replayClock).toBe('running');
    expect(config.providerDumps).toEqual([
      { path: './aws.json', format: 'aws-list-secrets' },
    ]);
  });

  it('reads an EKS cluster of the Kubernetes plugin as that plugin does, with our own fields on top', () => {
    const config = readExternalSecretsConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'catalog',
              dangerouslyAllowClusterUrls: ['127.0.0.1'],
            },
            {
              type: 'config',
              clusters: [
                {
                  name: 'eks-prod',
                  url: 'https://abc.gr7.eu-west-1.eks.amazonaws.com',
                  authProvider: 'aws',
                  assumeRole: 'arn:aws:iam::123456789012:role/backstage',
                  externalId: 'x-1',
                  caData: 'Q0E=',
                  authMetadata: { 'kubernetes.io/x-k8s-aws-id': 'prod' },
                  namespaces: ['shop'],
                  secrets: 'none',
                },
              ],
            },
            { type: 'localKubectlProxy' },
            { type: 'gke', projectId: 'p' },
          ],
        },
        externalSecrets: { clusterDefaults: { secrets: 'none' } },
      }),
    );
    expect(config.clusterLocators).toEqual([
      {
        type: 'catalog',
        options: {
          dangerouslyAllowClusterUrls: ['127.0.0.1'],
          dangerouslyAllowSkipTLSVerify: undefined,
        },
      },
      {
        type: 'config',
        clusters: [
          expect.objectContaining({
            name: 'eks-prod',
            authMetadata: {
              'kubernetes.io/auth-provider': 'aws',
              'kubernetes.io/aws-assume-role':
                'arn:aws:iam::123456789012:role/backstage',
              'kubernetes.io/aws-external-id': 'x-1',
              'kubernetes.io/x-k8s-aws-id': 'prod',
            },
            caData: 'Q0E=',
            namespaces: ['shop'],
            secrets: 'none',
          }),
        ],
      },
      { type: 'localKubectlProxy' },
    ]);
    expect(config.ignoredLocators).toEqual(['gke']);
    expect(config.clusterDefaults).toEqual({ secrets: 'none' });
  });

  it('takes the server of a kubeconfig cluster from its context', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-'));
    const file = path.join(dir, 'config');
    fs.writeFileSync(
      file,
      JSON.stringify({
        clusters: [{ name: 'c', cluster: { server: 'https://c:6443' } }],
        users: [{ name: 'u', user: { token: 'x' } }],
        contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'ctx',
      }),
    );
    try {
      const config = readExternalSecretsConfig(
        new ConfigReader({
          externalSecrets: {
            clusters: [{ name: 'k', kubeconfig: { path: file } }],
          },
        }),
      );
      expect(config.clusterLocators[0]).toEqual({
        type: 'config',
        clusters: [
          expect.objectContaining({
            url: 'https://c:6443',
            authMetadata: { 'kubernetes.io/auth-provider': 'kubeconfig' },
            kubeconfig: { path: file, context: undefined },
          }),
        ],
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects duplicate names, clusters without url or manifests, and bad values', () => {
    const read = (externalSecrets: object) => () =>
      readExternalSecretsConfig(new ConfigReader({ externalSecrets }));
    expect(
      read({
        clusters: [
          { name: 'a', manifests: 'x' },
          { name: 'a', manifests: 'y' },
        ],
      }),
    ).toThrow(/used twice/);
    expect(
      read({ clusters: [{ name: 'a', authProvider: 'serviceAccount' }] }),
    ).toThrow(/needs 'url'/);
    expect(() =>
      readExternalSecretsConfig(
        new ConfigReader({
          kubernetes: {
            clusterLocatorMethods: [
              { type: 'config', clusters: [{ name: 'a', url: 'https://a' }] },
            ],
          },
        }),
      ),
    ).toThrow(/has no authProvider/);
    expect(
      read({
        clusters: [
          { name: 'a', url: 'https://a', authProvider: 'aws', secrets: 'some' },
        ],
      }),
    ).toThrow(/secrets must be 'metadata' or 'none'/);
    expect(read({ replay: { capturedAt: 'yesterday' } })).toThrow(/ISO/);
    expect(
      read({ replay: { capturedAt: '2026-11-23T12:00:00Z', clock: 'paused' } }),
    ).toThrow(/'running' or 'frozen'/);
    expect(read({ thresholds: { rotationOverdueSeconds: -1 } })).toThrow(
      /non-negative/,
    );
  });
});
