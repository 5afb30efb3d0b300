import { MetricsService } from '@backstage/backend-plugin-api/alpha';

/**
 * The evaluation-duration histogram, fed by {@link Evaluations}' `onStep`: one record per
 * evaluation step of one cluster (a full pass or the incremental step after watch events).
 * Labels: `cluster` (bounded by the watched clusters) and `pass` (`full` | `incremental`).
 */
export function createEvaluationMetrics(metrics: MetricsService) {
  const duration = metrics.createHistogram<{
    cluster: string;
    pass: 'full' | 'incremental';
  }>('external_secrets.evaluation.duration_seconds', {
    description:
      'Wall time of one evaluation step of one cluster (full pass or incremental)',
    unit: 's',
    advice: {
      explicitBucketBoundaries: [
        0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
      ],
    },
  });
  return {
    onStep(
      cluster: string,
      durationMs: number,
      _evaluated: number,
      full: boolean,
    ): void {
      duration.record(durationMs / 1000, {
        cluster,
        pass: full ? 'full' : 'incremental',
      });
    },
  };
}
