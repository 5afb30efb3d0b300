import { formatDuration } from '../time/formatDuration';
import { parseTime } from '../time/parseTime';
import { Finding, FindingWorkload, SecretReadMode } from '../types/findings';
import { RuleContext } from './types';
import {
  listNames,
  restartRemedy,
  secretChangeText,
  startedBefore,
  workloadName,
} from './wording';

type StaleRule = 'stale-env' | 'stale-subpath';

const HOW: Record<
  StaleRule,
  {
    modes: SecretReadMode[];
    holds: [one: string, many: string];
    /** When the change rests on ESO's Event only (it may have rewritten labels alone). */
    mayHold: [one: string, many: string];
  }
> = {
  'stale-env': {
    modes: ['env', 'envFrom'],
    holds: [
      'still holds the old value in its environment',
      'still hold the old value in their environment',
    ],
    mayHold: [
      'may still hold the old value in its environment',
      'may still hold the old value in their environment',
    ],
  },
  'stale-subpath': {
    modes: ['subPath'],
    holds: [
      'still sees the old files, because subPath mounts never update',
      'still see the old files, because subPath mounts never update',
    ],
    mayHold: [
      'may still see the old files, because subPath mounts never update',
      'may still see the old files, because subPath mounts never update',
    ],
  },
};

/**
 * Shared by `stale-env` and `stale-subpath`: running containers that read the target Secret
 * in one of the rule's modes and started before its last change. Workloads Reloader should
 * restart give an `info` finding within the Reloader grace and a warning after it; the
 * others a warning. One finding per group, each workload with its own remedy.
 */
export function staleReaderFindings(
  context: RuleContext,
  rule: StaleRule,
): Finding[] {
  const changed = parseTime(context.secretChangedAt);
  const secret = context.es.targetName;
  if (changed === undefined || !secret) return [];
  const how = HOW[rule];
  const { modes } = how;
  const uncertain = context.secretChangeEvidence === 'eso-event';
  const holds = uncertain ? how.mayHold : how.holds;
  const sinceChange = (context.now - changed) / 1000;
  const reloaderLate = sinceChange > context.thresholds.reloaderGraceSeconds;

  const groups = {
    manual: [] as FindingWorkload[],
    pending: [] as FindingWorkload[],
    late: [] as FindingWorkload[],
  };
  for (const workload of context.workloads) {
    const pods = workload.readings.filter(
      r =>
        r.readsVia.some(mode => modes.includes(mode)) &&
        startedBefore(r, changed),
    );
    if (pods.length === 0) continue;
    const {
      readings: _readings,
      controller: _controller,
      ...identity
    } = workload;
    const entry: FindingWorkload = {
      ...identity,
      pods,
      remedy: restartRemedy(workload, pods),
    };
    if (!workload.reloader) groups.manual.push(entry);
    else (reloaderLate ? groups.late : groups.pending).push(entry);
  }

  const names = (workloads: FindingWorkload[]) =>
    listNames(workloads.map(workloadName));
  const remedies = (workloads: FindingWorkload[]) =>
    workloads.map(w => w.remedy).join('; ');
  const changedText = secretChangeText(context, secret);
  const findings: Finding[] = [];
  if (groups.manual.length > 0) {
    const containers = groups.manual.reduce((n, w) => n + w.pods.length, 0);
    findings.push({
      rule,
      severity: 'warning',
      message: `${containers} container${
        containers === 1 ? '' : 's'
      } of ${names(groups.manual)} started before ${changedText} and ${
        holds[containers === 1 ? 0 : 1]
      }: restart ${groups.manual.length === 1 ? 'it' : 'them'}.`,
      remedy: remedies(groups.manual),
      workloads: groups.manual,
    });
  }
  if (groups.late.length > 0) {
    findings.push({
      rule,
      severity: 'warning',
      message: `Reloader has not restarted ${names(
        groups.late,
      )} although ${changedText}, more than ${formatDuration(
        context.thresholds.reloaderGraceSeconds,
      )} ago: check that Reloader is running and watches namespace ${
        context.es.namespace
      }, or restart ${groups.late.length === 1 ? 'it' : 'them'}.`,
      remedy: remedies(groups.late),
      workloads: groups.late,
    });
  }
  if (groups.pending.length > 0) {
    findings.push({
      rule,
      severity: 'info',
      message: `${changedText}; Reloader should restart ${names(
        groups.pending,
      )} soon.`,
      workloads: groups.pending,
    });
  }
  return findings;
}
