import { SecretReadMode } from '../types/findings';
import { KubeObject } from '../types/kubernetes';
import { isRecord, records, str } from './untrusted';

/**
 * One regular container of a pod that reads a Secret.
 *
 * @public
 */
export interface SecretConsumer {
  pod: KubeObject;
  podName: string;
  namespace: string;
  container: string;
  /** `containerStatuses[].state.running.startedAt`; null when the container is not running. */
  startedAt: string | null;
  readsVia: SecretReadMode[];
}

/**
 * One container of a pod reading one Secret (of the pod's namespace).
 *
 * @public
 */
export interface SecretRead {
  secretName: string;
  consumer: SecretConsumer;
}

const MODE_ORDER: SecretReadMode[] = ['env', 'envFrom', 'volume', 'subPath'];

/** Secret names per volume name: secret volumes and projected secret sources. */
function secretVolumes(spec: Record<string, any>): Map<string, string[]> {
  const volumes = new Map<string, string[]>();
  for (const volume of records(spec.volumes)) {
    const name = str(volume.name);
    if (!name) continue;
    const secrets: string[] = [];
    const direct = isRecord(volume.secret)
      ? str(volume.secret.secretName)
      : undefined;
    if (direct) secrets.push(direct);
    const sources = isRecord(volume.projected)
      ? records(volume.projected.sources)
      : [];
    for (const source of sources) {
      const projected = isRecord(source.secret)
        ? str(source.secret.name)
        : undefined;
      if (projected) secrets.push(projected);
    }
    if (secrets.length > 0) volumes.set(name, secrets);
  }
  return volumes;
}

function runningSince(status: unknown): Map<string, string> {
  const started = new Map<string, string>();
  for (const entry of records(
    isRecord(status) ? status.containerStatuses : undefined,
  )) {
    const name = str(entry.name);
    const running = isRecord(entry.state) ? entry.state.running : undefined;
    const startedAt = isRecord(running) ? str(running.startedAt) : undefined;
    if (name && startedAt) started.set(name, startedAt);
  }
  return started;
}

/** Secret name → read modes for one container. */
function containerReads(
  container: Record<string, any>,
  volumes: Map<string, string[]>,
) {
  const reads = new Map<string, Set<SecretReadMode>>();
  const add = (secret: string | undefined, mode: SecretReadMode) => {
    if (!secret) return;
    if (!reads.has(secret)) reads.set(secret, new Set());
    reads.get(secret)!.add(mode);
  };
  for (const env of records(container.env)) {
    const ref = isRecord(env.valueFrom)
      ? env.valueFrom.secretKeyRef
      : undefined;
    add(isRecord(ref) ? str(ref.name) : undefined, 'env');
  }
  for (const envFrom of records(container.envFrom)) {
    add(
      isRecord(envFrom.secretRef) ? str(envFrom.secretRef.name) : undefined,
      'envFrom',
    );
  }
  for (const mount of records(container.volumeMounts)) {
    // subPath mounts are copied once at container start and never follow the Secret.
    const mode =
      str(mount.subPath) || str(mount.subPathExpr) ? 'subPath' : 'volume';
    for (const secret of volumes.get(str(mount.name) ?? '') ?? [])
      add(secret, mode);
  }
  return reads;
}

/**
 * The regular containers (`spec.containers`; init and ephemeral containers are left out) of one
 * pod that read a Secret, and how: `env[].valueFrom.secretKeyRef`, `envFrom[].secretRef`, or a
 * secret/projected volume mounted whole (`volume`) or through `subPath`/`subPathExpr`
 * (`subPath`). One entry per container and Secret; none for a malformed pod.
 *
 * @public
 */
export function podSecretReads(pod: unknown): SecretRead[] {
  if (!isRecord(pod) || !isRecord(pod.metadata) || !isRecord(pod.spec))
    return [];
  const podName = str(pod.metadata.name);
  const namespace = str(pod.metadata.namespace);
  if (!podName || !namespace) return [];
  const volumes = secretVolumes(pod.spec);
  const started = runningSince(pod.status);
  const reads: SecretRead[] = [];
  for (const container of records(pod.spec.containers)) {
    const name = str(container.name);
    if (!name) continue;
    for (const [secret, modes] of containerReads(container, volumes)) {
      reads.push({
        secretName: secret,
        consumer: {
          pod: pod as KubeObject,
          podName,
          namespace,
          container: name,
          startedAt: started.get(name) ?? null,
          readsVia: MODE_ORDER.filter(mode => modes.has(mode)),
        },
      });
    }
  }
  return reads;
}
