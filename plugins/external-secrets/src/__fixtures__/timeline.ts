import {
  FindingsOverTimeResponse,
  HistoryEvent,
  TimelineResponse,
} from '@eso-health/plugin-external-secrets-common';

/** Fixed times, so the charts and their summaries are the same on every run. */
export const TIMELINE_FROM = '2026-11-01T00:00:00.000Z';
export const TIMELINE_TO = '2026-12-01T00:00:00.000Z';

function event(overrides: Partial<HistoryEvent>): HistoryEvent {
  return {
    cluster: 'prod-eu',
    namespace: 'payments',
    name: 'payments-db',
    type: 'secret-changed',
    at: '2026-11-10T12:00:00.000Z',
    detail: 'Secret payments-db data changed',
    ...overrides,
  };
}

export function timelineEvents(): HistoryEvent[] {
  return [
    event({
      type: 'provider-changed',
      at: '2026-11-05T09:00:00.000Z',
      detail: 'aws secret prod/payments/db has a new version',
    }),
    event({
      type: 'health-changed',
      at: '2026-11-05T09:30:00.000Z',
      detail: 'healthy → warning',
      health: 'warning',
    }),
    event({
      type: 'sync-requested',
      at: '2026-11-05T10:00:00.000Z',
      detail: 'Sync requested from the portal',
      actor: 'user:default/alice',
    }),
    event({ type: 'secret-changed', at: '2026-11-05T10:01:00.000Z' }),
    event({
      type: 'workload-restarted',
      at: '2026-11-05T10:20:00.000Z',
      detail: 'Deployment payments-api rolled out new pods',
    }),
    event({
      type: 'health-changed',
      at: '2026-11-05T10:21:00.000Z',
      detail: 'warning → healthy',
      health: 'healthy',
    }),
  ];
}

export function timeline(
  overrides: Partial<TimelineResponse> = {},
): TimelineResponse {
  return {
    from: TIMELINE_FROM,
    to: TIMELINE_TO,
    events: timelineEvents(),
    truncated: false,
    syncs: {
      bucketSeconds: 3600,
      buckets: [
        { at: '2026-11-04T00:00:00.000Z', count: 1 },
        { at: '2026-11-05T10:00:00.000Z', count: 3 },
        { at: '2026-11-20T00:00:00.000Z', count: 2 },
      ],
    },
    health: [
      {
        from: '2026-11-03T00:00:00.000Z',
        to: '2026-11-05T09:30:00.000Z',
        health: 'healthy',
      },
      {
        from: '2026-11-05T09:30:00.000Z',
        to: '2026-11-05T10:21:00.000Z',
        health: 'warning',
      },
      { from: '2026-11-05T10:21:00.000Z', to: null, health: 'healthy' },
    ],
    ...overrides,
  };
}

export function findingsOverTime(
  overrides: Partial<FindingsOverTimeResponse> = {},
): FindingsOverTimeResponse {
  const points = Array.from({ length: 48 }, (_, hour) => ({
    at: new Date(Date.parse('2026-11-29T00:00:00.000Z') + hour * 3600_000)
      .toISOString()
      .replace('.000Z', 'Z'),
    error: hour >= 24 ? 1 : 0,
    warning: 2,
    info: hour % 2,
  }));
  return {
    from: TIMELINE_FROM,
    to: TIMELINE_TO,
    bucketSeconds: 3600,
    since: '2026-11-29T00:00:00Z',
    points,
    ...overrides,
  };
}
