import {
  ClusterState,
  ExternalSecretStatus,
  externalSecretsDetailsReadPermission,
  Finding,
  OverviewResponse,
  ProviderState,
  ServiceReport,
  StoreState,
} from '@eso-health/plugin-external-secrets-common';

/**
 * What readers without `external-secrets.details.read` see of infrastructure details
 * (docs/permissions.md, "Infrastructure details"):
 * - cluster `error` and provider-source `error`: replaced by the kind of failure and what to do;
 * - cluster `notice`, provider `warnings`, `source` and `note`, store and ExternalSecret Ready
 *   messages, finding messages and remedies: kept, with AWS ARNs, 12-digit account ids, URLs,
 *   IP addresses and absolute file paths replaced by a placeholder.
 */
const HIDDEN = (what: string) => `[${what} hidden]`;

const PATTERNS: Array<[RegExp, string]> = [
  [/\barn:aws[a-z-]*:[^\s"'`,;)\]]+/gi, HIDDEN('ARN')],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'`,;)\]]+/gi, HIDDEN('URL')],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, HIDDEN('address')],
  [/\b\d{12}\b/g, HIDDEN('account id')],
  [
    /(^|[\s"'`(=])(?:~?\/[^\s"'`,;)\]]*[^\s"'`,;)\].:]|[A-Za-z]:\\[^\s"'`,;)\]]+)/g,
    `$1${HIDDEN('path')}`,
  ],
];

/** The text with ARNs, account ids, URLs, addresses and absolute paths replaced. */
export function scrubDetails(text: string): string {
  return PATTERNS.reduce((t, [pattern, by]) => t.replace(pattern, by), text);
}

const scrubOptional = <T extends string | null | undefined>(text: T): T =>
  (typeof text === 'string' ? scrubDetails(text) : text) as T;

type FailureKind =
  | 'access denied'
  | 'credentials refused or expired'
  | 'unreachable'
  | 'throttled'
  | 'source file missing or unreadable'
  | 'failed';

/** The kind of a failure, judged from its text (the text itself is not shown). */
export function failureKind(error: string): FailureKind {
  if (/\b403\b|forbidden|access ?denied|not authori[sz]ed to/i.test(error))
    return 'access denied';
  if (
    /\b401\b|unauthori[sz]ed|expired|credential|invalid.{0,20}token|signature/i.test(
      error,
    )
  )
    return 'credentials refused or expired';
  if (/throttl|rate exceeded|too many requests|\b429\b/i.test(error))
    return 'throttled';
  if (
    /ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH|timed? ?out|unreachable|socket hang up|certificate|\btls\b|network/i.test(
      error,
    )
  )
    return 'unreachable';
  if (
    /ENOENT|EACCES|EISDIR|no such file|cannot read|parse|yaml|json/i.test(error)
  )
    return 'source file missing or unreadable';
  return 'failed';
}

const ASK_ADMIN = `A platform admin sees the full error (permission ${externalSecretsDetailsReadPermission.name}).`;

function redactCluster(cluster: ClusterState): ClusterState {
  return {
    ...cluster,
    ...(cluster.error !== undefined
      ? {
          error: `Cluster '${cluster.name}' cannot be read: ${failureKind(
            cluster.error,
          )}. Its ExternalSecrets are shown as last known until the backend reads it again. ${ASK_ADMIN}`,
        }
      : {}),
    ...(cluster.notice !== undefined
      ? { notice: scrubDetails(cluster.notice) }
      : {}),
  };
}

function redactProvider(provider: ProviderState): ProviderState {
  const name = provider.title ?? provider.provider;
  return {
    ...provider,
    ...(provider.source !== undefined
      ? { source: scrubDetails(provider.source) }
      : {}),
    ...(provider.note !== undefined
      ? { note: scrubDetails(provider.note) }
      : {}),
    ...(provider.error !== undefined
      ? {
          error: `The latest refresh of this ${name} source failed: ${failureKind(
            provider.error,
          )}. The last good metadata is still used. ${ASK_ADMIN}`,
        }
      : {}),
    ...(provider.warnings
      ? { warnings: provider.warnings.map(scrubDetails) }
      : {}),
  };
}

function redactFinding(finding: Finding): Finding {
  return {
    ...finding,
    message: scrubDetails(finding.message),
    ...(finding.remedy !== undefined
      ? { remedy: scrubDetails(finding.remedy) }
      : {}),
  };
}

function redactExternalSecret(
  status: ExternalSecretStatus,
): ExternalSecretStatus {
  return {
    ...status,
    ready: status.ready
      ? { ...status.ready, message: scrubOptional(status.ready.message) }
      : status.ready,
    findings: status.findings.map(redactFinding),
  };
}

function redactStore(store: StoreState): StoreState {
  return { ...store, message: scrubOptional(store.message) };
}

/** A report as a reader without `external-secrets.details.read` sees it. */
export function redactReport(report: ServiceReport): ServiceReport {
  return {
    ...report,
    clusters: report.clusters.map(redactCluster),
    providers: report.providers.map(redactProvider),
    externalSecrets: report.externalSecrets.map(redactExternalSecret),
  };
}

/** An overview as a reader without `external-secrets.details.read` sees it. */
export function redactOverview(overview: OverviewResponse): OverviewResponse {
  return {
    ...overview,
    clusters: overview.clusters.map(redactCluster),
    providers: overview.providers.map(redactProvider),
    storesNotReady: overview.storesNotReady.map(redactStore),
  };
}
