import {
  EvaluatedExternalSecret,
  Health,
  HistoryEvent,
} from '@eso-health/plugin-external-secrets-common';
import { DateTime } from 'luxon';
import { FindingsSample, StoredEvent } from '../history/HistoryStore';

/** The demo's sign-in identity (guest provider), who "asked" for the demo's sync requests. */
const DEMO_ACTOR = 'user:development/guest';
const DAYS = 30;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DemoHistory {
  events: StoredEvent[];
  /** Hourly findings samples, as the sampler would have stored them. */
  samples: Array<{ hour: Date; samples: FindingsSample[] }>;
}

/** A small deterministic number per name, so the same demo gets the same history. */
function seed(text: string): number {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A believable 30-day history of the demo's ExternalSecrets, derived from their evaluated state
 * so the timeline agrees with the card: syncs every real refreshInterval up to lastSyncTime,
 * provider versions at the metadata's times plus earlier rotations, a data change after the sync
 * that follows each synced version, workload restarts at the pods' start times, health episodes
 * ending in the current health, two sync requests and the hourly findings samples. Pure:
 * the same input and `now` give the same history.
 */
export function demoHistory(
  evaluated: EvaluatedExternalSecret[],
  now: Date,
): DemoHistory {
  const end = now.getTime();
  const start = end - DAYS * DAY;
  const events: StoredEvent[] = [];
  /** Per ExternalSecret: the unhealthy segments with their findings counts, for the samples. */
  const episodes: Array<{
    ref: { cluster: string; namespace: string; name: string };
    from: number;
    to: number;
    counts: { error: number; warning: number; info: number };
  }> = [];
  const sorted = [...evaluated].sort((a, b) =>
    `${a.status.namespace}/${a.status.name}`.localeCompare(
      `${b.status.namespace}/${b.status.name}`,
    ),
  );
  let requests = 0;

  for (const { status, changes } of sorted) {
    const ref = {
      cluster: status.cluster,
      namespace: status.namespace,
      name: status.name,
    };
    const s = seed(`${ref.cluster}/${ref.namespace}/${ref.name}`);
    const push = (
      type: HistoryEvent['type'],
      at: number,
      detail: string,
      extra: Partial<StoredEvent> = {},
    ) => {
      if (at < start || at > end) return;
      events.push({
        ...ref,
        type,
        at: iso(at),
        detail,
        key: iso(at),
        ...extra,
      });
    };

    // ESO syncs: every refreshInterval, back from the real lastSyncTime.
    const lastSync = status.lastSyncTime
      ? Date.parse(status.lastSyncTime)
      : undefined;
    const interval = (status.refreshInterval ?? 0) * 1000;
    const syncs: number[] = [];
    if (lastSync !== undefined) {
      if (interval >= MINUTE) {
        for (let t = lastSync; t >= start; t -= interval) syncs.unshift(t);
      } else {
        syncs.push(lastSync);
      }
    }
    for (const t of syncs) push('synced', t, 'ESO synced from the provider');
    const syncAfter = (t: number) => syncs.find(x => x >= t);

    // Provider versions: the metadata's current ones, and two earlier rotations each.
    const providerTitle = status.store.providerTitle ?? 'The provider';
    const dataChanges: number[] = [];
    for (const change of changes?.providerChanges ?? []) {
      const current = Date.parse(change.at);
      const spacing = (9 + (s % 5)) * DAY + (s % 97) * MINUTE;
      const times = [current - 2 * spacing, current - spacing, current];
      for (const t of times) {
        push(
          'provider-changed',
          t,
          `${providerTitle} got a new current version of "${change.key}"`,
          {
            key: `${change.key}@${iso(t)}`,
          },
        );
        const synced = syncAfter(t);
        // A version synced before the last sync changed the Secret (the current one only if
        // the cluster has it: a provider-ahead key is not synced yet).
        if (synced !== undefined && synced <= (lastSync ?? 0))
          dataChanges.push(synced);
      }
    }
    const secretChanged = status.secretChangedAt
      ? Date.parse(status.secretChangedAt)
      : undefined;
    // The Secret's recorded change and the sync that carried the newest version into it are one
    // event, seconds apart: keep the recorded time only.
    const sameChange = (t: number) =>
      secretChanged !== undefined &&
      Math.abs(t - secretChanged) <= Math.max(interval, MINUTE);
    const uniqueChanges = [
      ...new Set([
        ...dataChanges.filter(t => !sameChange(t)),
        ...(secretChanged !== undefined ? [secretChanged] : []),
      ]),
    ].sort((a, b) => a - b);
    // The newest data change is the one the card shows, when it knows one.
    const shownChanges =
      secretChanged !== undefined
        ? uniqueChanges.filter(t => t <= secretChanged)
        : uniqueChanges;
    for (const t of shownChanges) {
      push(
        'secret-changed',
        t,
        status.targetSecret
          ? `Secret ${status.targetSecret} data changed`
          : 'Secret data changed',
      );
    }

    // Workload restarts: the pods' real start times, and a restart after each earlier change.
    for (const workload of changes?.workloadStarts ?? []) {
      const started = Date.parse(workload.startedAt);
      const restarts = shownChanges
        .map(t => t + 2 * MINUTE)
        .filter(t => t < started - HOUR);
      for (const t of [...restarts, started]) {
        push(
          'workload-restarted',
          t,
          `${workload.kind} ${workload.name} restarted: its ${
            workload.containers
          } container${
            workload.containers === 1 ? '' : 's'
          } reading the Secret run since then`,
          { key: `${workload.kind}/${workload.name}@${iso(t)}` },
        );
      }
    }

    // Health: healthy from the start, an earlier short warning for some, and the
    // current health since its findings' cause.
    // (First seen an hour into the window, so a 30-day timeline still shows the first change.)
    const health: Array<{ at: number; health: Health; detail: string }> = [
      { at: start + HOUR, health: 'healthy', detail: 'unknown → healthy' },
    ];
    if (s % 3 === 0 && shownChanges.length > 1) {
      const at = shownChanges[0] - 20 * MINUTE;
      health.push(
        { at, health: 'warning', detail: 'healthy → warning (sync-overdue)' },
        {
          at: shownChanges[0] + MINUTE,
          health: 'healthy',
          detail: 'warning → healthy',
        },
      );
      episodes.push({
        ref,
        from: at,
        to: shownChanges[0] + MINUTE,
        counts: { error: 0, warning: 1, info: 0 },
      });
    }
    if (status.health !== 'healthy') {
      const since = unhealthySince(status, changes, lastSync, end);
      const rules = [...new Set(status.findings.map(f => f.rule))].join(', ');
      health.push({
        at: since,
        health: status.health,
        detail: `healthy → ${status.health}${rules ? ` (${rules})` : ''}`,
      });
      const counts = { error: 0, warning: 0, info: 0 };
      for (const f of status.findings) counts[f.severity] += 1;
      episodes.push({ ref, from: since, to: end, counts });
    }
    for (const h of health) {
      // Observer-timed in real life; keyed here so a second start cannot duplicate them.
      push('health-changed', h.at, h.detail, { health: h.health });
    }

    // Two sync requests by the demo's user, each followed by ESO's sync.
    if (requests < 2 && interval >= MINUTE && shownChanges.length > 1) {
      requests += 1;
      const at = shownChanges[0] + 30 * MINUTE + (s % 30) * MINUTE;
      push('sync-requested', at, 'sync requested', { actor: DEMO_ACTOR });
      push('synced', at + 5000, 'ESO synced from the provider');
    }
  }

  events.sort((a, b) => a.at.localeCompare(b.at));
  return { events, samples: hourlySamples(episodes, start, end) };
}

/** When the current unhealthy health began, from what its findings rest on. */
function unhealthySince(
  status: EvaluatedExternalSecret['status'],
  changes: EvaluatedExternalSecret['changes'],
  lastSync: number | undefined,
  end: number,
): number {
  const rules = new Set(status.findings.map(f => f.rule));
  const ahead = (changes?.providerChanges ?? [])
    .map(c => Date.parse(c.at))
    .filter(t => lastSync === undefined || t > lastSync);
  if (rules.has('provider-ahead') && ahead.length) return Math.min(...ahead);
  if (status.secretChangedAt) {
    const changed = Date.parse(status.secretChangedAt);
    if (changed < end) return changed;
  }
  if (lastSync !== undefined && lastSync < end) return lastSync;
  return end - 6 * HOUR;
}

function hourlySamples(
  episodes: Array<{
    ref: { cluster: string; namespace: string; name: string };
    from: number;
    to: number;
    counts: { error: number; warning: number; info: number };
  }>,
  start: number,
  end: number,
): DemoHistory['samples'] {
  const first = DateTime.fromMillis(start, { zone: 'utc' })
    .startOf('hour')
    .toMillis();
  const hours: DemoHistory['samples'] = [];
  for (let hour = first; hour <= end; hour += HOUR) {
    const samples = episodes
      // An hour counts an ExternalSecret whose episode overlaps it.
      .filter(e => e.from < hour + HOUR && e.to >= hour)
      .map(e => ({ ...e.ref, ...e.counts }));
    if (samples.length) hours.push({ hour: new Date(hour), samples });
  }
  return hours;
}
