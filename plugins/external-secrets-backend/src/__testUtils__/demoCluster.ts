import { join, resolve } from 'node:path';

/** The captured demo cluster of examples/: its manifests and an AWS ListSecrets dump. */
export const demoFolder = resolve(
  __dirname,
  '../../../../examples/demo-cluster',
);

/**
 * `externalSecrets` config that replays a captured cluster folder (the demo by default) as the
 * cluster `demo`, its AWS listing beside it, with the clock frozen at the capture time.
 */
export function replayClusterConfig(manifests: string = demoFolder) {
  return {
    clusters: [{ name: 'demo', manifests }],
    aws: { listSecretsFiles: [join(manifests, 'aws-list-secrets.json')] },
    replay: { capturedAt: '2026-11-23T12:00:00Z', clock: 'frozen' },
  };
}
