import {
  RULE_IDS,
  Severity,
  SEVERITY_ORDER,
} from '@eso-health/plugin-external-secrets-common';
import { NotificationsConfig, NotifyWhen } from './config';

/** A finding on one of the entity's ExternalSecrets, as the decision needs it. */
export interface ObservedFinding {
  rule: string;
  severity: Severity;
  message: string;
  remedy?: string;
  /** cluster/namespace/name of the ExternalSecret. */
  externalSecret: string;
}

/**
 * What the replica running the task knows about an entity now. `unknown`: its clusters are
 * not all watched yet or its ExternalSecrets have no verdict; the stored state is kept as is.
 */
export type Observation =
  | { known: true; findings: ObservedFinding[] }
  | { known: false };

/** Stored per entity (table external_secrets_notification_state). */
export interface NotificationState {
  entityRef: string;
  /** True from an alert until its recovery notice. */
  firing: boolean;
  /** Per rule (of enabled severities): when it was first seen in the current streak, ISO. */
  since: Record<string, string>;
  /** When the last notification (alert, update or recovery) was sent, ISO. */
  notifiedAt?: string;
  /** The finding the current alert is about. */
  notifiedRule?: string;
  notifiedSeverity?: Severity;
}

export type Decision =
  | { action: 'none'; state: NotificationState }
  | {
      action: 'alert';
      finding: ObservedFinding;
      /** Other due findings besides `finding`. */
      others: number;
      state: NotificationState;
    }
  | {
      action: 'recover';
      previous: { rule?: string };
      state: NotificationState;
    };

export function notifyWhen(
  config: NotificationsConfig,
  finding: { rule: string; severity: Severity },
): NotifyWhen {
  return {
    ...config.severities[finding.severity],
    ...config.rules[finding.rule],
  };
}

/** Rules in the engine's order (RULE_IDS): causes such as a failed sync before their effects. */
const ruleRank = (rule: string) => {
  const i = (RULE_IDS as readonly string[]).indexOf(rule);
  return i < 0 ? RULE_IDS.length : i;
};

/** The finding an alert is about: the most severe, then the first rule in the engine's order. */
function worst(findings: ObservedFinding[]): ObservedFinding {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity] ||
      ruleRank(a.rule) - ruleRank(b.rule) ||
      a.externalSecret.localeCompare(b.externalSecret),
  )[0];
}

/**
 * Decides, for one entity, whether to notify now. Pure: the stored state, what is observed, the
 * config and the time in; the action and the state to store (once the action succeeded) out.
 *
 * - A finding whose severity (or rule override) is enabled becomes *due* once it has lasted
 *   `after`; the first due finding raises an alert, a worse severity later updates it.
 * - With nothing due any more, a firing entity gets a recovery notice.
 * - No two notifications for an entity within `minInterval`: a suppressed one is decided again
 *   on a later run, from what is then observed (a flap that cleared meanwhile sends nothing).
 */
export function decide(
  previous: NotificationState | undefined,
  observation: Observation,
  config: NotificationsConfig,
  now: Date,
  entityRef: string,
): Decision {
  const base: NotificationState = previous ?? {
    entityRef,
    firing: false,
    since: {},
  };
  if (!observation.known) return { action: 'none', state: base };

  const nowIso = now.toISOString();
  const enabled = observation.findings.filter(
    f => notifyWhen(config, f).enabled,
  );
  const since: Record<string, string> = {};
  for (const f of enabled) since[f.rule] = base.since[f.rule] ?? nowIso;
  const due = enabled.filter(
    f =>
      now.getTime() - Date.parse(since[f.rule]) >=
      notifyWhen(config, f).afterMs,
  );
  const state: NotificationState = { ...base, since };

  const rateLimited =
    base.notifiedAt !== undefined &&
    now.getTime() - Date.parse(base.notifiedAt) < config.minIntervalMs;

  if (due.length) {
    const finding = worst(due);
    const escalated =
      base.firing &&
      base.notifiedSeverity !== undefined &&
      SEVERITY_ORDER[finding.severity] > SEVERITY_ORDER[base.notifiedSeverity];
    if ((base.firing && !escalated) || rateLimited)
      return { action: 'none', state };
    return {
      action: 'alert',
      finding,
      others: due.length - 1,
      state: {
        ...state,
        firing: true,
        notifiedAt: nowIso,
        notifiedRule: finding.rule,
        notifiedSeverity: finding.severity,
      },
    };
  }

  if (base.firing && !rateLimited) {
    return {
      action: 'recover',
      previous: { rule: base.notifiedRule },
      state: {
        entityRef,
        since,
        firing: false,
        notifiedAt: nowIso,
      },
    };
  }
  return { action: 'none', state };
}

/**
 * Decides for every entity, capping the notifications of one run at `maxPerRun` (errors first);
 * a capped entity keeps its stored state, so it is decided again on the next run.
 */
export function planNotifications(
  states: Map<string, NotificationState>,
  observations: Map<string, Observation>,
  config: NotificationsConfig,
  now: Date,
): { decisions: Decision[]; forget: string[] } {
  const decisions = [...observations].map(([ref, observation]) =>
    decide(states.get(ref), observation, config, now, ref),
  );
  // Alerts by severity, then recoveries.
  const rank = (d: Decision) =>
    d.action === 'alert' ? SEVERITY_ORDER[d.finding.severity] + 2 : 1;
  const sends = decisions
    .filter(d => d.action !== 'none')
    .sort((a, b) => rank(b) - rank(a));
  const capped = new Set<Decision>(sends.slice(config.maxPerRun));
  return {
    decisions: decisions.map(d =>
      capped.has(d)
        ? {
            action: 'none' as const,
            state: {
              ...(states.get(d.state.entityRef) ?? {
                entityRef: d.state.entityRef,
                firing: false,
              }),
              since: d.state.since,
            },
          }
        : d,
    ),
    // Entities that left the catalog: nobody can be resolved as their owner any more.
    forget: [...states.keys()].filter(ref => !observations.has(ref)),
  };
}
