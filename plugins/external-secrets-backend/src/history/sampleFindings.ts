import { EvaluatedExternalSecret } from '@eso-health/plugin-external-secrets-common';
import { DateTime } from 'luxon';
import { FindingsSample, HistoryStore } from './HistoryStore';

/** Findings per severity of each ExternalSecret that has any. */
export function findingsSamples(
  evaluated: EvaluatedExternalSecret[],
): FindingsSample[] {
  const samples: FindingsSample[] = [];
  for (const { status } of evaluated) {
    if (!status.findings.length) continue;
    const sample = {
      cluster: status.cluster,
      namespace: status.namespace,
      name: status.name,
      error: 0,
      warning: 0,
      info: 0,
    };
    for (const finding of status.findings) sample[finding.severity] += 1;
    samples.push(sample);
  }
  return samples;
}

/**
 * Stores the current findings as the sample of the current hour (UTC). Run by a global task:
 * rows are keyed by (hour, ExternalSecret), so a later run in the same hour, on this replica or
 * another, replaces them; an ExternalSecret whose findings cleared loses its row for the hour.
 */
export async function sampleFindings(
  store: HistoryStore,
  evaluated: EvaluatedExternalSecret[],
  now: Date,
): Promise<number> {
  const hour = DateTime.fromJSDate(now, { zone: 'utc' })
    .startOf('hour')
    .toJSDate();
  const samples = findingsSamples(evaluated);
  await store.saveFindingsSamples(hour, samples);
  await store.removeFindingsSamples(hour, samples);
  return samples.length;
}
