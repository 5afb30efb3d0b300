import {
  ClusterObjects,
  ClusterSecretsAccess,
  evaluateCluster,
  ExternalSecretStatus,
  groupByKubernetesId,
  Health,
  ProviderMetadata,
} from '@eso-health/plugin-external-secrets-common';

/** One service (the value of a `backstage.io/kubernetes-id` label) and its ExternalSecrets. */
export interface DriftReportService {
  service: string;
  health: Health;
  externalSecrets: ExternalSecretStatus[];
}

/** What `external-secrets-drift --json` prints (docs/cli.md). */
export interface DriftReport {
  generatedAt: string;
  services: DriftReportService[];
  /** ExternalSecrets that no `backstage.io/kubernetes-id` label claims. */
  unassigned: ExternalSecretStatus[];
}

export interface BuildDriftReportInput {
  cluster: string;
  objects: ClusterObjects;
  /** `none`: the dumps hold no Secrets on purpose (change times from ESO's Events). */
  secrets?: ClusterSecretsAccess;
  provider?: ProviderMetadata;
  now: Date;
}

/**
 * Runs the drift engine on one cluster and groups the results by `backstage.io/kubernetes-id`.
 * AWS `list-secrets` output has no version times, so provider-ahead rests on `LastChangedDate`
 * there (its message says so); Parameter Store and Vault dumps carry the current version's time.
 */
export function buildDriftReport(input: BuildDriftReportInput): DriftReport {
  const evaluated = evaluateCluster({
    cluster: input.cluster,
    objects: input.objects,
    provider: input.provider,
    secrets: input.secrets,
    now: input.now,
  });
  const grouped = groupByKubernetesId(evaluated);
  return {
    generatedAt: input.now.toISOString(),
    services: grouped.services.map(service => ({
      service: service.id,
      health: service.health,
      externalSecrets: service.externalSecrets,
    })),
    unassigned: grouped.unassigned,
  };
}

/** True when any ExternalSecret of the report (unassigned included) has an error finding. */
export function hasErrorFinding(report: DriftReport): boolean {
  const all = [
    ...report.services.flatMap(service => service.externalSecrets),
    ...report.unassigned,
  ];
  return all.some(es =>
    es.findings.some(finding => finding.severity === 'error'),
  );
}
