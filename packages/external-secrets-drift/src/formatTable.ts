import {
  defaultSecretProviders,
  ExternalSecretStatus,
  Finding,
  formatAgo,
  formatDuration,
  Health,
  ProviderMetadata,
  HEALTHS_WORST_FIRST,
} from '@eso-health/plugin-external-secrets-common';
import { DriftReport } from './buildDriftReport';

export interface FormatTableContext {
  cluster: string;
  now: Date;
  /** Provider metadata given with --aws-secrets, --ssm-parameters or --vault-metadata, if any. */
  provider?: ProviderMetadata;
}

const AGO_WORDS = { missing: 'never', invalid: 'unknown' };

function formatInterval(es: ExternalSecretStatus): string {
  if (es.refreshPolicy !== 'Periodic') {
    return es.refreshPolicy;
  }
  if (es.refreshInterval === null) {
    return 'invalid';
  }
  return es.refreshInterval === 0 ? 'once' : formatDuration(es.refreshInterval);
}

function formatStore(es: ExternalSecretStatus): string {
  const store = `${es.store.kind}/${es.store.name}`;
  if (es.store.ready === false) {
    return `${store} (not ready)`;
  }
  return store;
}

function table(rows: string[][], indent: string): string[] {
  const widths = rows[0].map((_, column) =>
    Math.max(...rows.map(row => row[column].length)),
  );
  return rows.map(row =>
    `${indent}${row
      .map((cell, column) =>
        column === row.length - 1 ? cell : cell.padEnd(widths[column]),
      )
      .join('  ')}`.trimEnd(),
  );
}

function findingLines(finding: Finding, now: Date): string[] {
  const lines = [
    `    ${finding.severity.toUpperCase()} ${finding.rule}: ${finding.message}`,
  ];
  const pad = '      ';
  for (const workload of finding.workloads ?? []) {
    lines.push(
      `${pad}${workload.kind} ${workload.namespace}/${workload.name}${
        workload.reloader ? ' (Reloader)' : ''
      }`,
    );
    for (const pod of workload.pods) {
      const started = pod.startedAt
        ? `started ${formatAgo(pod.startedAt, now.getTime(), AGO_WORDS)}`
        : 'not running';
      lines.push(
        `${pad}  pod ${pod.pod}, container ${
          pod.container
        }: ${pod.readsVia.join(', ')}, ${started}`,
      );
    }
    if (workload.remedy) {
      lines.push(`${pad}  fix: ${workload.remedy}`);
    }
  }
  // A finding's remedy often repeats its only workload's: print it once.
  const workloadRemedies = new Set(
    (finding.workloads ?? []).map(workload => workload.remedy),
  );
  if (finding.remedy && !workloadRemedies.has(finding.remedy)) {
    lines.push(`${pad}fix: ${finding.remedy}`);
  }
  return lines;
}

function section(
  title: string,
  externalSecrets: ExternalSecretStatus[],
  now: Date,
): string[] {
  const lines = [title];
  const header = [
    'EXTERNALSECRET',
    'STORE',
    'TARGET SECRET',
    'LAST SYNC',
    'INTERVAL',
    'HEALTH',
  ];
  const rows = externalSecrets.map(es => [
    `${es.namespace}/${es.name}`,
    formatStore(es),
    es.targetSecret ?? '(not a Secret)',
    formatAgo(es.lastSyncTime, now.getTime(), AGO_WORDS),
    formatInterval(es),
    es.health,
  ]);
  const formatted = table([header, ...rows], '  ');
  lines.push(formatted[0]);
  externalSecrets.forEach((es, index) => {
    lines.push(formatted[index + 1]);
    for (const finding of es.findings) {
      lines.push(...findingLines(finding, now));
    }
  });
  return lines;
}

function countBy<T>(items: T[], key: (item: T) => Health): string {
  const counts = new Map<Health, number>();
  for (const item of items) {
    counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  }
  return HEALTHS_WORST_FIRST.filter(health => counts.get(health))
    .map(health => `${counts.get(health)} ${health}`)
    .join(', ');
}

function providerLine(provider: ProviderMetadata | undefined): string {
  const listings = Object.values(provider ?? {});
  if (!provider) {
    return 'Provider data: none (pass --aws-secrets, --ssm-parameters or --vault-metadata to check provider-ahead, provider-secret-missing, rotation-overdue and provider-expiring).';
  }
  if (listings.length === 0) {
    return 'Provider data: the provider dumps hold no secrets, so no source is loaded.';
  }
  const title = (id: string) =>
    defaultSecretProviders.find(p => p.id === id)?.title ?? id;
  const parts = listings.map(
    listing =>
      `${title(listing.provider)} ${listing.region}: ${
        listing.secrets.length
      } secrets listed at ${listing.refreshedAt}`,
  );
  return `Provider data: ${parts.join('; ')}.${
    listings.some(l => l.provider === 'aws')
      ? ' For AWS Secrets Manager, provider-ahead compares LastChangedDate, which also moves on tag, description and rotation-config edits.'
      : ''
  }`;
}

/** The readable report: one table per service, findings under each ExternalSecret, a summary. */
export function formatTable(
  report: DriftReport,
  context: FormatTableContext,
): string {
  const { now } = context;
  const lines: string[] = [
    `External Secrets drift report for cluster "${context.cluster}" at ${report.generatedAt}`,
    providerLine(context.provider),
  ];
  for (const service of report.services) {
    lines.push(
      '',
      ...section(
        `${service.service}: ${service.health.toUpperCase()}`,
        service.externalSecrets,
        now,
      ),
    );
  }
  if (report.unassigned.length > 0) {
    lines.push(
      '',
      ...section(
        'Unassigned (no backstage.io/kubernetes-id label on the ExternalSecret or on a workload reading its Secret):',
        report.unassigned,
        now,
      ),
    );
  }

  const unique = new Map<string, ExternalSecretStatus>();
  for (const es of [
    ...report.services.flatMap(service => service.externalSecrets),
    ...report.unassigned,
  ]) {
    unique.set(`${es.cluster}/${es.namespace}/${es.name}`, es);
  }
  const all = [...unique.values()];
  const findings = all.flatMap(es => es.findings);
  const severities = (['error', 'warning', 'info'] as const)
    .map(
      severity =>
        [
          severity,
          findings.filter(f => f.severity === severity).length,
        ] as const,
    )
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);

  lines.push('');
  if (all.length === 0) {
    lines.push('No ExternalSecrets found.');
  } else {
    lines.push(
      `${report.services.length} service${
        report.services.length === 1 ? '' : 's'
      }${
        report.services.length
          ? ` (${countBy(report.services, s => s.health)})`
          : ''
      }, ${all.length} ExternalSecret${all.length === 1 ? '' : 's'} (${countBy(
        all,
        es => es.health,
      )}), findings: ${severities.length ? severities.join(', ') : 'none'}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
