import { formatAgo } from '../time/formatAgo';
import { formatDuration } from '../time/formatDuration';
import { parseTime } from '../time/parseTime';
import { FindingWorkload } from '../types/findings';
import { Rule } from './types';
import { listNames, startedBefore, workloadName } from './wording';

/**
 * `volume-propagating`: containers mounting the whole Secret (no subPath) that started before
 * a change less than `volumePropagationSeconds` old: the kubelet may not have refreshed the
 * files yet. Exactly at the threshold does not fire.
 */
export const volumePropagating: Rule = context => {
  const { es, secretChangedAt, workloads, thresholds, now } = context;
  const changed = parseTime(secretChangedAt);
  if (changed === undefined || !es.targetName) return [];
  if ((now - changed) / 1000 >= thresholds.volumePropagationSeconds) return [];
  const involved: FindingWorkload[] = [];
  for (const { readings, controller: _controller, ...identity } of workloads) {
    const pods = readings.filter(
      r => r.readsVia.includes('volume') && startedBefore(r, changed),
    );
    if (pods.length > 0) {
      involved.push({
        ...identity,
        pods,
        remedy:
          'No action needed: the kubelet updates mounted files within about a minute; the application must re-read them.',
      });
    }
  }
  if (involved.length === 0) return [];
  return [
    {
      rule: 'volume-propagating',
      severity: 'info',
      message: `${
        context.secretChangeEvidence === 'eso-event'
          ? `ESO rewrote Secret "${es.targetName}"`
          : `Secret "${es.targetName}" changed`
      } ${formatAgo(
        secretChangedAt,
        now,
      )}; the kubelet may not have refreshed the files mounted in ${listNames(
        involved.map(workloadName),
      )} yet (allow up to ${formatDuration(
        thresholds.volumePropagationSeconds,
      )}).`,
      workloads: involved,
    },
  ];
};
