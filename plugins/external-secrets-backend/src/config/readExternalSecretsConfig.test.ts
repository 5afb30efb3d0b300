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
    expect(config.clusters).toEqual([
      { type: 'manifests', name: 'demo', manifests: './demo' },
      expect.objectContaining({
        type: 'kubernetes',
        name: 'prod',
        url: 'https://k8s.example:6443',
        serviceAccountToken: 't',
      }),
    ]);
    expect(config.thresholds).toEqual({
      ...DEFAULT_THRESHOLDS,
      reconcileGraceSeconds: 60,
    });
    expect(config.replayCapturedAt).toBe('2026-11-23T12:00:00Z');
    expect(config.replayClock).toBe('running');
    expect(config.awsListSecretsFiles).toEqual(['./aws.json']);
  });

  it('falls back to the Kubernetes plugin clusters of type config', () => {
    const config = readExternalSecretsConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'catalog' },
            {
              type: 'config',
              clusters: [{ name: 'k', url: 'https://k:6443' }],
            },
          ],
        },
      }),
    );
    expect(config.clusters.map(c => c.name)).toEqual(['k']);
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
    expect(read({ clusters: [{ name: 'a' }] })).toThrow(/either 'url'/);
    expect(read({ replay: { capturedAt: 'yesterday' } })).toThrow(/ISO/);
    expect(
      read({ replay: { capturedAt: '2026-11-23T12:00:00Z', clock: 'paused' } }),
    ).toThrow(/'running' or 'frozen'/);
    expect(read({ thresholds: { rotationOverdueSeconds: -1 } })).toThrow(
      /non-negative/,
    );
  });
});
