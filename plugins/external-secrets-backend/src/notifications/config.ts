import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { RULE_IDS, Severity } from '@eso-health/plugin-external-secrets-common';
import { Duration } from 'luxon';

/** Whether findings of a severity or rule notify, and after how long they must have lasted. */
export interface NotifyWhen {
  enabled: boolean;
  /** A finding notifies once it has been seen continuously for this long. */
  afterMs: number;
}

export interface NotificationsConfig {
  enabled: boolean;
  severities: Record<Severity, NotifyWhen>;
  /** Per-rule overrides of the severity settings (a field left out keeps the severity's). */
  rules: Record<string, Partial<NotifyWhen>>;
  /** At most one notification (alert, update or recovery) per entity within this time. */
  minIntervalMs: number;
  /** At most this many notifications per run; the rest wait for the next run. */
  maxPerRun: number;
  /** Prefix of the entity link; empty: a path relative to app.baseUrl. */
  linkBase: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

export const DEFAULT_NOTIFICATIONS: NotificationsConfig = {
  enabled: false,
  severities: {
    error: { enabled: true, afterMs: 0 },
    warning: { enabled: true, afterMs: 60 * 60_000 },
    info: { enabled: false, afterMs: 0 },
  },
  rules: {},
  minIntervalMs: 30 * 60_000,
  maxPerRun: 50,
  linkBase: '',
  schedule: {
    frequency: { minutes: 1 },
    timeout: { minutes: 2 },
    initialDelay: { seconds: 30 },
  },
};

function readMs(config: Config, key: string): number | undefined {
  if (!config.has(key)) return undefined;
  return Duration.fromObject(
    readDurationFromConfig(config, { key }),
  ).toMillis();
}

function readWhen(config: Config | undefined): Partial<NotifyWhen> {
  if (!config) return {};
  const when: Partial<NotifyWhen> = {};
  const enabled = config.getOptionalBoolean('enabled');
  if (enabled !== undefined) when.enabled = enabled;
  const afterMs = readMs(config, 'after');
  if (afterMs !== undefined) when.afterMs = afterMs;
  return when;
}

/** Reads `externalSecrets.notifications`; off unless `enabled: true`. */
export function readNotificationsConfig(
  root: Config | undefined,
): NotificationsConfig {
  const config = root?.getOptionalConfig('notifications');
  if (!config) return DEFAULT_NOTIFICATIONS;
  const d = DEFAULT_NOTIFICATIONS;
  const severities = config.getOptionalConfig('severities');
  const rulesConfig = config.getOptionalConfig('rules');
  const rules: Record<string, Partial<NotifyWhen>> = {};
  for (const rule of rulesConfig?.keys() ?? []) {
    // A misspelt rule would silently keep notifying (or not): refuse it at startup.
    if (!(RULE_IDS as readonly string[]).includes(rule)) {
      throw new Error(
        `externalSecrets.notifications.rules.${rule}: no such rule; the rules are ${RULE_IDS.join(
          ', ',
        )}`,
      );
    }
    rules[rule] = readWhen(rulesConfig!.getConfig(rule));
  }
  const maxPerRun =
    config.getOptionalNumber('rateLimit.maxPerRun') ?? d.maxPerRun;
  if (!Number.isInteger(maxPerRun) || maxPerRun < 1) {
    throw new Error(
      `externalSecrets.notifications.rateLimit.maxPerRun must be a whole number of at least 1, got ${maxPerRun}`,
    );
  }
  return {
    enabled: config.getOptionalBoolean('enabled') ?? false,
    severities: {
      error: {
        ...d.severities.error,
        ...readWhen(severities?.getOptionalConfig('error')),
      },
      warning: {
        ...d.severities.warning,
        ...readWhen(severities?.getOptionalConfig('warning')),
      },
      info: {
        ...d.severities.info,
        ...readWhen(severities?.getOptionalConfig('info')),
      },
    },
    rules,
    minIntervalMs: readMs(config, 'rateLimit.minInterval') ?? d.minIntervalMs,
    maxPerRun,
    linkBase: (config.getOptionalString('linkBase') ?? '').replace(/\/+$/, ''),
    schedule: config.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('schedule'),
        )
      : d.schedule,
  };
}
