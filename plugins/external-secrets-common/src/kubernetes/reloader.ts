import { WorkloadKind } from '../types/findings';
import { isRecord, stringMap } from './untrusted';

/**
 * Stakater Reloader annotations (stakater/Reloader README).
 *
 * @public
 */
export const RELOADER_ANNOTATIONS = {
  auto: 'reloader.stakater.com/auto',
  secretAuto: 'secret.reloader.stakater.com/auto',
  secretReload: 'secret.reloader.stakater.com/reload',
  search: 'reloader.stakater.com/search',
  /** On the Secret, with `search` on the workload. */
  match: 'reloader.stakater.com/match',
  /** On the Secret: Reloader ignores its changes. */
  ignore: 'reloader.stakater.com/ignore',
  /** On the workload: Secrets it must not reload for. */
  secretExclude: 'secrets.exclude.reloader.stakater.com/reload',
} as const;

/** Workload kinds Reloader restarts. */
const RELOADABLE_KINDS = new Set<WorkloadKind>([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'CronJob',
]);

/** Go's strconv.ParseBool true values, which Reloader uses for the auto annotations. */
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

function podTemplateAnnotations(
  kind: WorkloadKind,
  spec: unknown,
): Record<string, string> {
  let template = isRecord(spec) ? spec.template : undefined;
  if (kind === 'CronJob') {
    const jobTemplate = isRecord(spec) ? spec.jobTemplate : undefined;
    const jobSpec = isRecord(jobTemplate) ? jobTemplate.spec : undefined;
    template = isRecord(jobSpec) ? jobSpec.template : undefined;
  }
  const metadata = isRecord(template) ? template.metadata : undefined;
  return stringMap(isRecord(metadata) ? metadata.annotations : undefined);
}

/**
 * Patterns simple enough to evaluate safely: annotations are written by any cluster user and
 * evaluated for every workload, so groups, backreferences and more than two quantifiers
 * (the shapes of catastrophic backtracking) are only compared literally.
 */
function isSafePattern(value: string): boolean {
  return (
    value.length <= 253 &&
    !/[()\\]/.test(value) &&
    (value.match(/[*+?{]/g) ?? []).length <= 2
  );
}

/** Reloader matches each comma-separated name as an anchored regular expression. */
function namesSecret(list: string | undefined, secretName: string): boolean {
  if (!list) return false;
  return list.split(',').some(raw => {
    const value = raw.trim();
    if (value === secretName) return true;
    if (!isSafePattern(value)) return false;
    try {
      return new RegExp(`^(?:${value})$`).test(secretName);
    } catch {
      return false; // Reloader skips invalid expressions too
    }
  });
}

/**
 * Whether Stakater Reloader is expected to restart this workload when the Secret changes,
 * following Reloader's own decision: not when the Secret is annotated
 * `reloader.stakater.com/ignore: "true"` or the workload excludes it; yes when the workload
 * names it in `secret.reloader.stakater.com/reload`, or has `reloader.stakater.com/search: "true"`
 * and the Secret `reloader.stakater.com/match: "true"`, or has `reloader.stakater.com/auto` or
 * `secret.reloader.stakater.com/auto` true (`"false"` opts out). Like Reloader, the pod
 * template's annotations are read when the workload's own carry none of these. Reloader's
 * `--auto-reload-all` flag cannot be seen from the cluster objects and is not assumed.
 *
 * @public
 */
export function reloaderExpected(
  workload: { kind: WorkloadKind; object?: unknown },
  secretName: string,
  secret: unknown,
): boolean {
  if (!RELOADABLE_KINDS.has(workload.kind) || !isRecord(workload.object))
    return false;
  const secretMetadata = isRecord(secret) ? secret.metadata : undefined;
  const secretAnnotations = stringMap(
    isRecord(secretMetadata) ? secretMetadata.annotations : undefined,
  );
  if (secretAnnotations[RELOADER_ANNOTATIONS.ignore] === 'true') return false;

  const metadata = workload.object.metadata;
  let annotations = stringMap(
    isRecord(metadata) ? metadata.annotations : undefined,
  );
  if (namesSecret(annotations[RELOADER_ANNOTATIONS.secretExclude], secretName))
    return false;
  const triggers = [
    RELOADER_ANNOTATIONS.secretReload,
    RELOADER_ANNOTATIONS.search,
    RELOADER_ANNOTATIONS.auto,
    RELOADER_ANNOTATIONS.secretAuto,
  ];
  if (!triggers.some(key => key in annotations)) {
    annotations = podTemplateAnnotations(workload.kind, workload.object.spec);
  }

  return (
    namesSecret(annotations[RELOADER_ANNOTATIONS.secretReload], secretName) ||
    (annotations[RELOADER_ANNOTATIONS.search] === 'true' &&
      secretAnnotations[RELOADER_ANNOTATIONS.match] === 'true') ||
    GO_TRUE.has(annotations[RELOADER_ANNOTATIONS.auto]) ||
    GO_TRUE.has(annotations[RELOADER_ANNOTATIONS.secretAuto])
  );
}
