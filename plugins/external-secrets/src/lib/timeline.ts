import { DateTime } from 'luxon';
import {
  HistoryEvent,
  TimelineResponse,
} from '@eso-health/plugin-external-secrets-common';

/**
 * Pure helpers of the history timeline chart: lanes, axis ticks and the sentence that
 * summarises a window for screen readers.
 */

/** The swimlanes under the health band, top to bottom. */
export type TimelineLane =
  | 'provider-changed'
  | 'synced'
  | 'secret-changed'
  | 'workload-restarted'
  | 'sync-requested';

export const TIMELINE_LANES: ReadonlyArray<{
  lane: TimelineLane;
  label: string;
  /** Counted in the summary, e.g. "3 provider changes". */
  noun: [singular: string, plural: string];
}> = [
  {
    lane: 'provider-changed',
    label: 'Provider change',
    noun: ['provider change', 'provider changes'],
  },
  { lane: 'synced', label: 'ESO sync', noun: ['sync', 'syncs'] },
  {
    lane: 'secret-changed',
    label: 'Secret change',
    noun: ['Secret change', 'Secret changes'],
  },
  {
    lane: 'workload-restarted',
    label: 'Workload restart',
    noun: ['workload restart', 'workload restarts'],
  },
  {
    lane: 'sync-requested',
    label: 'Sync request',
    noun: ['sync request', 'sync requests'],
  },
];

export function millis(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const time = DateTime.fromISO(iso);
  return time.isValid ? time.toMillis() : undefined;
}

function plural(count: number, [one, many]: [string, string]): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Whole days of the window, at least 1 ("30 days"). */
export function windowDays(from: string, to: string): number {
  const start = millis(from);
  const end = millis(to);
  if (start === undefined || end === undefined) return 0;
  return Math.max(1, Math.round((end - start) / 86_400_000));
}

/** How many events of each lane, syncs summed over their buckets. */
export function laneCounts(
  timeline: TimelineResponse,
): Record<TimelineLane | 'health-changed', number> {
  const counts: Record<TimelineLane | 'health-changed', number> = {
    'provider-changed': 0,
    synced: 0,
    'secret-changed': 0,
    'workload-restarted': 0,
    'sync-requested': 0,
    'health-changed': 0,
  };
  for (const event of timeline.events) {
    if (event.type in counts) counts[event.type as TimelineLane]++;
  }
  for (const bucket of timeline.syncs?.buckets ?? []) {
    counts.synced += bucket.count;
  }
  return counts;
}

/** True when the window holds nothing to draw but, at most, the current health. */
export function isEmptyTimeline(timeline: TimelineResponse): boolean {
  return (
    timeline.events.length === 0 &&
    (timeline.syncs?.buckets ?? []).every(bucket => bucket.count === 0)
  );
}

/**
 * "30 days: 3 provider changes, 720 syncs, 2 Secret changes, 0 workload restarts,
 * 1 sync request, 2 health changes; healthy now."
 */
export function summarizeTimeline(timeline: TimelineResponse): string {
  const counts = laneCounts(timeline);
  const parts = TIMELINE_LANES.map(({ lane, noun }) =>
    plural(counts[lane], noun),
  );
  parts.push(
    plural(counts['health-changed'], ['health change', 'health changes']),
  );
  const current = timeline.health[timeline.health.length - 1]?.health;
  const days = windowDays(timeline.from, timeline.to);
  return `${plural(days, ['day', 'days'])}: ${parts.join(', ')}${
    current ? `; ${current} now` : ''
  }.`;
}

/**
 * Local midnights inside the window, thinned to at most `max` so the labels never
 * overlap, e.g. every 5th day over 30 days.
 */
export function dayTicks(fromMs: number, toMs: number, max = 7): number[] {
  const days: number[] = [];
  let day = DateTime.fromMillis(fromMs).startOf('day');
  if (day.toMillis() < fromMs) day = day.plus({ days: 1 });
  while (day.toMillis() <= toMs) {
    days.push(day.toMillis());
    day = day.plus({ days: 1 });
  }
  const step = Math.max(1, Math.ceil(days.length / max));
  return days.filter((_, i) => i % step === 0);
}

/** "12 Nov" */
export function formatDay(ms: number): string {
  return DateTime.fromMillis(ms).toFormat('d LLL');
}

/** "12 Nov, 14:05" */
export function formatDayTime(ms: number): string {
  return DateTime.fromMillis(ms).toFormat('d LLL, HH:mm');
}

/** The events of one lane, oldest first, with their time in ms (unparseable ones dropped). */
export function laneEvents(
  events: HistoryEvent[],
  lane: TimelineLane,
): Array<HistoryEvent & { ms: number }> {
  return events.flatMap(event => {
    const ms = millis(event.at);
    return event.type === lane && ms !== undefined ? [{ ...event, ms }] : [];
  });
}
