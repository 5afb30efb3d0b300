import {
  isRecord,
  records,
  reloaderExpected,
  RELOADER_ANNOTATIONS,
} from '@eso-health/plugin-external-secrets-common';
import { Problem, problemsOf, ReportProblem } from '../model/problems';
import {
  checkDnsLabel,
  checkDnsSubdomain,
  checkEnvName,
  earlierUseOfName,
} from './names';

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

/** How the containers of a patch read the Secret, gathered while they are checked. */
interface SecretReads {
  /** Some container reads it into environment variables (env or envFrom). */
  env: boolean;
  /** Some container mounts a volume of it. */
  volume: boolean;
  /** The Secret keys that reach an environment variable. */
  keysInEnv: Set<string>;
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
  if (!isRecord(doc)) {
    return [{ field: '(document)', message: 'is not an object' }];
  }
  const { problems, problem } = problemsOf(describeWorkload(doc));
  const { secretName } = expected;

  checkWorkloadKind(doc, problem);
  checkWorkloadMetadata(doc, expected.namespace, problem);
  const podSpec = podSpecOf(doc);
  if (!podSpec || !Array.isArray(podSpec.containers)) {
    problem('spec.template.spec.containers', 'is missing');
    return problems;
  }
  const secretVolumes = checkSecretVolumes(podSpec, secretName, problem);
  const reads: SecretReads = {
    env: false,
    volume: false,
    keysInEnv: new Set(),
  };
  const knownKeys = new Set(expected.secretKeys);
  records(podSpec.containers).forEach((container, c) => {
    const base = `spec.template.spec.containers[${c}]`;
    const containerNameError = checkDnsLabel(container.name);
    if (containerNameError) problem(`${base}.name`, containerNameError);
    checkContainerEnv(container, base, expected, knownKeys, reads, problem);
    checkContainerEnvFrom(container, base, expected, reads, problem);
    checkSecretVolumeMounts(container, base, secretVolumes, reads, problem);
  });

  if (!reads.env && !reads.volume) {
    problem(
      'spec.template.spec.containers',
      `no container reads the Secret "${secretName}" (env, envFrom or a volume)`,
    );
  }
  if (expected.consumption) {
    checkConsumption(expected.consumption, expected, reads, problem);
  }
  if (expected.reloader !== undefined && isWorkloadPatch(doc)) {
    checkReloaderAnnotation(doc, expected.reloader, secretName, problem);
  }
  return problems;
}

/** The patch is of an apps/v1 Deployment, StatefulSet or DaemonSet. */
function checkWorkloadKind(doc: Record<string, any>, problem: ReportProblem) {
  if (!isWorkloadPatch(doc)) {
    problem(
      'kind',
      `${JSON.stringify(doc.kind)} must be an apps/v1 ${WORKLOAD_KINDS.join(
        ', ',
      )}`,
    );
  }
}

/** A valid name, in the namespace of the Secret (when known). */
function checkWorkloadMetadata(
  doc: Record<string, any>,
  namespace: string | undefined,
  problem: ReportProblem,
) {
  const metadata = isRecord(doc.metadata) ? doc.metadata : {};
  const nameError = checkDnsSubdomain(metadata.name);
  if (nameError) problem('metadata.name', nameError);
  if (namespace && metadata.namespace !== namespace) {
    problem(
      'metadata.namespace',
      `${JSON.stringify(
        metadata.namespace,
      )} must be "${namespace}", the namespace of the Secret: pods can only read Secrets of their own namespace`,
    );
  }
}

/** `spec.template.spec`, when the patch has one. */
function podSpecOf(doc: Record<string, any>): Record<string, any> | undefined {
  return isRecord(doc.spec) &&
    isRecord(doc.spec.template) &&
    isRecord(doc.spec.template.spec)
    ? doc.spec.template.spec
    : undefined;
}

/**
 * The volumes of the pod that read the Secret (a `secret` volume, or a `projected` one with it
 * among its sources), each with a valid name; returns their names.
 */
function checkSecretVolumes(
  podSpec: Record<string, any>,
  secretName: string,
  problem: ReportProblem,
): Set<string> {
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
  return secretVolumes;
}

/**
 * A container's `env`: valid variable names, each set once, and every `secretKeyRef` to the
 * Secret naming a key the ExternalSecret writes.
 */
function checkContainerEnv(
  container: Record<string, any>,
  base: string,
  expected: WorkloadPatchExpectations,
  /** `expected.secretKeys`, as a set built once per patch. */
  knownKeys: Set<string>,
  reads: SecretReads,
  problem: ReportProblem,
) {
  const earlierNameUse = earlierUseOfName();
  records(container.env).forEach((env, e) => {
    const field = `${base}.env[${e}]`;
    const envError = checkEnvName(env.name);
    if (envError) problem(`${field}.name`, envError);
    const first = earlierNameUse(env.name, e);
    if (first !== undefined) {
      problem(
        `${field}.name`,
        `"${env.name}" is already set by ${base}.env[${first}]`,
      );
    }
    const ref =
      isRecord(env.valueFrom) && isRecord(env.valueFrom.secretKeyRef)
        ? env.valueFrom.secretKeyRef
        : undefined;
    if (!ref || ref.name !== expected.secretName) return;
    reads.env = true;
    if (typeof ref.key === 'string') reads.keysInEnv.add(ref.key);
    if (!knownKeys.has(ref.key)) {
      problem(
        `${field}.valueFrom.secretKeyRef.key`,
        `${JSON.stringify(ref.key)} is not a key the ExternalSecret writes (${[
          ...knownKeys,
        ].join(', ')})`,
      );
    }
  });
}

/**
 * A container's `envFrom` of the Secret: every key, with the prefix, must be a valid variable
 * name (else the kubelet skips it).
 */
function checkContainerEnvFrom(
  container: Record<string, any>,
  base: string,
  expected: WorkloadPatchExpectations,
  reads: SecretReads,
  problem: ReportProblem,
) {
  records(container.envFrom).forEach((source, s) => {
    const field = `${base}.envFrom[${s}]`;
    if (
      !isRecord(source.secretRef) ||
      source.secretRef.name !== expected.secretName
    )
      return;
    reads.env = true;
    const prefix = typeof source.prefix === 'string' ? source.prefix : '';
    for (const key of expected.secretKeys) {
      reads.keysInEnv.add(key);
      const envError = checkEnvName(`${prefix}${key}`);
      if (envError) {
        problem(
          field,
          `turns Secret key "${key}" into ${envError}; map it with env[].valueFrom instead`,
        );
      }
    }
  });
}

/**
 * A container's mounts of the Secret's volumes: read-only, without `subPath` (such files never
 * receive rotated values), at an absolute path.
 */
function checkSecretVolumeMounts(
  container: Record<string, any>,
  base: string,
  secretVolumes: Set<string>,
  reads: SecretReads,
  problem: ReportProblem,
) {
  records(container.volumeMounts).forEach((mount, m) => {
    if (!secretVolumes.has(mount.name)) return;
    const field = `${base}.volumeMounts[${m}]`;
    reads.volume = true;
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
}

/**
 * The containers read the Secret as the chosen consumption mode says: environment variables
 * (every key) for `env` and `both`, a volume for `volume` and `both`, and not the other way.
 */
function checkConsumption(
  consumption: ConsumptionMode,
  expected: WorkloadPatchExpectations,
  reads: SecretReads,
  problem: ReportProblem,
) {
  const { secretName } = expected;
  const wantsEnv = consumption !== 'volume';
  const wantsVolume = consumption !== 'env';
  if (wantsEnv && !reads.env) {
    problem(
      'spec.template.spec.containers',
      `consumption "${consumption}" needs environment variables from the Secret "${secretName}"`,
    );
  }
  if (!wantsEnv && reads.env) {
    problem(
      'spec.template.spec.containers',
      `consumption "${consumption}" must not read the Secret "${secretName}" into environment variables (they go stale after a rotation)`,
    );
  }
  if (wantsVolume && !reads.volume) {
    problem(
      'spec.template.spec.containers',
      `consumption "${consumption}" needs a volume mount of the Secret "${secretName}"`,
    );
  }
  if (!wantsVolume && reads.volume) {
    problem(
      'spec.template.spec.volumes',
      `consumption "${consumption}" must not mount the Secret "${secretName}"`,
    );
  }
  if (wantsEnv) {
    for (const key of expected.secretKeys) {
      if (!reads.keysInEnv.has(key)) {
        problem(
          'spec.template.spec.containers',
          `Secret key "${key}" is not read into any environment variable`,
        );
      }
    }
  }
}

/** The Reloader annotation names the Secret exactly when Reloader was chosen. */
function checkReloaderAnnotation(
  doc: Record<string, any>,
  reloader: boolean,
  secretName: string,
  problem: ReportProblem,
) {
  const restarts = reloaderExpected(
    { kind: doc.kind, object: doc },
    secretName,
    undefined,
  );
  if (reloader && !restarts) {
    problem(
      `metadata.annotations["${RELOADER_ANNOTATIONS.secretReload}"]`,
      `must name "${secretName}" so Reloader restarts the pods after a rotation`,
    );
  }
  if (!reloader && restarts) {
    problem(
      'metadata.annotations',
      `Reloader was turned off, but the annotations ask Reloader to restart on changes of "${secretName}"`,
    );
  }
}
