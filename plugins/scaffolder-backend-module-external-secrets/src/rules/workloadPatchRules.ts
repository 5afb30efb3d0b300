import {
  isRecord,
  records,
  reloaderExpected,
  RELOADER_ANNOTATIONS,
} from '@eso-health/plugin-external-secrets-common';
import { checkDnsLabel, checkDnsSubdomain, checkEnvName } from './names';
import { Problem } from './problems';

export const WORKLOAD_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
] as const;

export const CONSUMPTION_MODES = ['env', 'volume', 'both'] as const;
export type ConsumptionMode = (typeof CONSUMPTION_MODES)[number];

export interface WorkloadPatchExpectations {
  /** The ExternalSecret's target Secret, which the patch must read. */
  secretName: string;
  /** Its namespace: a pod can only read Secrets of its own namespace. */
  namespace?: string;
  /** The keys the ExternalSecret writes. */
  secretKeys: string[];
  /** How the person chose to consume the Secret; unchecked when absent. */
  consumption?: ConsumptionMode;
  /** Whether the person chose Reloader; unchecked when absent. */
  reloader?: boolean;
}

export function isWorkloadPatch(doc: unknown): boolean {
  return (
    isRecord(doc) &&
    doc.apiVersion === 'apps/v1' &&
    WORKLOAD_KINDS.includes(doc.kind)
  );
}

function describeWorkload(doc: Record<string, any>): string {
  const metadata = isRecord(doc.metadata) ? doc.metadata : {};
  return `${doc.kind} ${
    typeof metadata.namespace === 'string' ? `${metadata.namespace}/` : ''
  }${typeof metadata.name === 'string' ? metadata.name : '(unnamed)'}`;
}

/**
 * Checks a workload patch (strategic merge patch of a Deployment, StatefulSet or DaemonSet)
 * that wires a Secret into a container: valid environment variable names that exist as keys,
 * read-only volume mounts without `subPath` (those never receive updates), the consumption
 * mode and Reloader annotation the person chose.
 */
export function checkWorkloadPatch(
  doc: unknown,
  expected: WorkloadPatchExpectations,
): Problem[] {
  const problems: Problem[] = [];
  if (!isRecord(doc)) {
    return [{ field: '(document)', message: 'is not an object' }];
  }
  const object = describeWorkload(doc);
  const problem = (field: string, message: string) =>
    problems.push({ object, field, message });
  const { secretName } = expected;

  if (!isWorkloadPatch(doc)) {
    problem(
      'kind',
      `${JSON.stringify(doc.kind)} must be an apps/v1 ${WORKLOAD_KINDS.join(
        ', ',
      )}`,
    );
  }
  const metadata = isRecord(doc.metadata) ? doc.metadata : {};
  const nameError = checkDnsSubdomain(metadata.name);
  if (nameError) problem('metadata.name', nameError);
  if (expected.namespace && metadata.namespace !== expected.namespace) {
    problem(
      'metadata.namespace',
      `${JSON.stringify(metadata.namespace)} must be "${
        expected.namespace
      }", the namespace of the Secret: pods can only read Secrets of their own namespace`,
    );
  }

  const podSpec =
    isRecord(doc.spec) &&
    isRecord(doc.spec.template) &&
    isRecord(doc.spec.template.spec)
      ? doc.spec.template.spec
      : undefined;
  if (!podSpec || !Array.isArray(podSpec.containers)) {
    problem('spec.template.spec.containers', 'is missing');
    return problems;
  }

  const secretVolumes = new Set<string>();
  records(podSpec.volumes).forEach((volume, index) => {
    const field = `spec.template.spec.volumes[${index}]`;
    const reads =
      (isRecord(volume.secret) && volume.secret.secretName === secretName) ||
      records(
        isRecord(volume.projected) ? volume.projected.sources : undefined,
      ).some(s => isRecord(s.secret) && s.secret.name === secretName);
    if (!reads) return;
    const volumeNameError = checkDnsLabel(volume.name);
    if (volumeNameError) problem(`${field}.name`, volumeNameError);
    if (typeof volume.name === 'string') secretVolumes.add(volume.name);
  });

  let readsEnv = false;
  let readsVolume = false;
  const keysInEnv = new Set<string>();
  const knownKeys = new Set(expected.secretKeys);

  records(podSpec.containers).forEach((container, c) => {
    const base = `spec.template.spec.containers[${c}]`;
    const containerNameError = checkDnsLabel(container.name);
    if (containerNameError) problem(`${base}.name`, containerNameError);

    const envNames = new Map<string, number>();
    records(container.env).forEach((env, e) => {
      const field = `${base}.env[${e}]`;
      const envError = checkEnvName(env.name);
      if (envError) problem(`${field}.name`, envError);
      if (typeof env.name === 'string') {
        const first = envNames.get(env.name);
        if (first !== undefined) {
          problem(
            `${field}.name`,
            `"${env.name}" is already set by ${base}.env[${first}]`,
          );
        } else {
          envNames.set(env.name, e);
        }
      }
      const ref =
        isRecord(env.valueFrom) && isRecord(env.valueFrom.secretKeyRef)
          ? env.valueFrom.secretKeyRef
          : undefined;
      if (!ref || ref.name !== secretName) return;
      readsEnv = true;
      if (typeof ref.key === 'string') keysInEnv.add(ref.key);
      if (!knownKeys.has(ref.key)) {
        problem(
          `${field}.valueFrom.secretKeyRef.key`,
          `${JSON.stringify(
            ref.key,
          )} is not a key the ExternalSecret writes (${[...knownKeys].join(
            ', ',
          )})`,
        );
      }
    });

    records(container.envFrom).forEach((source, s) => {
      const field = `${base}.envFrom[${s}]`;
      if (!isRecord(source.secretRef) || source.secretRef.name !== secretName)
        return;
      readsEnv = true;
      const prefix = typeof source.prefix === 'string' ? source.prefix : '';
      for (const key of expected.secretKeys) {
        keysInEnv.add(key);
        const envError = checkEnvName(`${prefix}${key}`);
        if (envError) {
          problem(
            field,
            `turns Secret key "${key}" into ${envError}; map it with env[].valueFrom instead`,
          );
        }
      }
    });

    records(container.volumeMounts).forEach((mount, m) => {
      if (!secretVolumes.has(mount.name)) return;
      const field = `${base}.volumeMounts[${m}]`;
      readsVolume = true;
      if (mount.readOnly !== true) {
        problem(
          `${field}.readOnly`,
          'must be true: the application must never write to a mounted Secret',
        );
      }
      for (const key of ['subPath', 'subPathExpr']) {
        if (mount[key] !== undefined) {
          problem(
            `${field}.${key}`,
            'must not be set: files mounted with subPath never receive rotated values; mount the whole volume and read the file inside it',
          );
        }
      }
      if (
        typeof mount.mountPath !== 'string' ||
        !mount.mountPath.startsWith('/')
      ) {
        problem(`${field}.mountPath`, 'must be an absolute path');
      }
    });
  });

  if (!readsEnv && !readsVolume) {
    problem(
      'spec.template.spec.containers',
      `no container reads the Secret "${secretName}" (env, envFrom or a volume)`,
    );
  }
  const { consumption } = expected;
  if (consumption) {
    const wantsEnv = consumption !== 'volume';
    const wantsVolume = consumption !== 'env';
    if (wantsEnv && !readsEnv) {
      problem(
        'spec.template.spec.containers',
        `consumption "${consumption}" needs environment variables from the Secret "${secretName}"`,
      );
    }
    if (!wantsEnv && readsEnv) {
      problem(
        'spec.template.spec.containers',
        `consumption "${consumption}" must not read the Secret "${secretName}" into environment variables (they go stale after a rotation)`,
      );
    }
    if (wantsVolume && !readsVolume) {
      problem(
        'spec.template.spec.containers',
        `consumption "${consumption}" needs a volume mount of the Secret "${secretName}"`,
      );
    }
    if (!wantsVolume && readsVolume) {
      problem(
        'spec.template.spec.volumes',
        `consumption "${consumption}" must not mount the Secret "${secretName}"`,
      );
    }
    if (wantsEnv) {
      for (const key of expected.secretKeys) {
        if (!keysInEnv.has(key)) {
          problem(
            'spec.template.spec.containers',
            `Secret key "${key}" is not read into any environment variable`,
          );
        }
      }
    }
  }

  if (expected.reloader !== undefined && isWorkloadPatch(doc)) {
    const restarts = reloaderExpected(
      { kind: doc.kind, object: doc },
      secretName,
      undefined,
    );
    if (expected.reloader && !restarts) {
      problem(
        `metadata.annotations["${RELOADER_ANNOTATIONS.secretReload}"]`,
        `must name "${secretName}" so Reloader restarts the pods after a rotation`,
      );
    }
    if (!expected.reloader && restarts) {
      problem(
        'metadata.annotations',
        `Reloader was turned off, but the annotations ask Reloader to restart on changes of "${secretName}"`,
      );
    }
  }
  return problems;
}
