import {
  EvaluatedExternalSecret,
  ExternalSecretStatus,
} from '@eso-health/plugin-external-secrets-common';
import { evaluated as historyEvaluated } from '../__testUtils__/evaluated';
import { demoHistory } from './demoHistory';

const now = new Date('2026-11-23T12:00:00.000Z');

/** An ExternalSecret of an AWS Secrets Manager store, synced at 11:30, with its changes. */
const evaluated = (
  status: Partial<ExternalSecretStatus>,
  changes: EvaluatedExternalSecret['changes'],
) =>
  historyEvaluated(
    {
      store: {
        kind: 'ClusterSecretStore',
        name: 'aws',
        ready: true,
        provider: 'aws',
        providerTitle: 'AWS Secrets Manager',
      },
      lastSyncTime: '2026-11-23T11:30:00.000Z',
      secretChangedAt: '2026-11-20T08:30:00.000Z',
      ...status,
    },
    changes,
  );

const healthy = evaluated(
  {},
  {
    providerChanges: [
      { key: 'shop/db', at: '2026-11-20T08:10:00.000Z', evidence: 'version' },
    ],
    workloadStarts: [
      {
        kind: 'Deployment',
        name: 'api',
        startedAt: '2026-11-20T08:35:00.000Z',
        containers: 2,
      },
    ],
  },
);
// The provider has a newer version than the last sync: provider-ahead, warning.
const ahead = evaluated(
  {
    namespace: 'pay',
    name: 'stripe',
    targetSecret: 'stripe',
    refreshInterval: 900,
    health: 'warning',
    findings: [{ rule: 'provider-ahead', severity: 'warning', message: 'm' }],
  },
  {
    providerChanges: [
      {
        key: 'pay/stripe',
        at: '2026-11-23T11:40:00.000Z',
        evidence: 'version',
      },
    ],
    workloadStarts: [],
  },
);

describe('demoHistory', () => {
  it('is deterministic given the evaluated state and now', () => {
    expect(demoHistory([healthy, ahead], now)).toEqual(
      demoHistory([ahead, healthy], now),
    );
  });

  it('syncs every real refreshInterval up to the last sync, within 30 days', () => {
    const { events } = demoHistory([healthy], now);
    const syncs = events.filter(e => e.type === 'synced');
    expect(syncs[syncs.length - 1].at).toBe('2026-11-23T11:30:00.000Z');
    const gaps = syncs
      .slice(1)
      .map((e, i) => Date.parse(e.at) - Date.parse(syncs[i].at));
    // Every hour, except the extra sync after a sync request.
    expect(gaps.filter(g => g !== 3_600_000).length).toBeLessThanOrEqual(2);
    expect(Date.parse(syncs[0].at)).toBeGreaterThanOrEqual(
      now.getTime() - 30 * 86_400_000,
    );
    expect(new Set(events.map(e => `${e.type} ${e.key}`)).size).toBe(
      events.length,
    );
  });

  it('agrees with the card: provider versions, the data change after their sync, restarts at pod start', () => {
    const { events } = demoHistory([healthy], now);
    const at = (type: string) =>
      events.filter(e => e.type === type).map(e => e.at);
    expect(at('provider-changed')).toContain('2026-11-20T08:10:00.000Z');
    expect(at('provider-changed').length).toBeGreaterThan(1);
    const changes = at('secret-changed');
    expect(changes[changes.length - 1]).toBe('2026-11-20T08:30:00.000Z');
    const restarts = at('workload-restarted');
    expect(restarts[restarts.length - 1]).toBe('2026-11-20T08:35:00.000Z');
    // Each earlier data change follows a provider version and precedes a restart.
    const versions = at('provider-changed').map(Date.parse);
    for (const change of changes.map(Date.parse)) {
      expect(versions.some(v => v <= change)).toBe(true);
    }
    const health = events.filter(e => e.type === 'health-changed');
    expect(health[health.length - 1].health).toBe('healthy');
  });

  it('records the Secret change a sync just carried once, at the time the Secret recorded', () => {
    // As in the demo: a version 2 minutes old, synced a minute ago, the Secret changed a second later.
    const fresh = evaluated(
      {
        lastSyncTime: '2026-11-23T11:59:00.000Z',
        secretChangedAt: '2026-11-23T11:59:01.000Z',
      },
      {
        providerChanges: [
          {
            key: 'shop/db',
            at: '2026-11-23T11:58:00.000Z',
            evidence: 'version',
          },
        ],
        workloadStarts: [],
      },
    );
    const changes = demoHistory([fresh], now)
      .events.filter(e => e.type === 'secret-changed')
      .map(e => e.at);
    expect(changes[changes.length - 1]).toBe('2026-11-23T11:59:01.000Z');
    expect(changes.filter(at => at > '2026-11-23T11:00:00.000Z')).toHaveLength(
      1,
    );
    // The earlier rotations still changed it, once each.
    expect(changes.length).toBeGreaterThan(1);
  });

  it('turns an unhealthy ExternalSecret unhealthy when its finding began, and samples it hourly', () => {
    const { events, samples } = demoHistory([ahead], now);
    const health = events.filter(e => e.type === 'health-changed');
    expect(health[health.length - 1]).toMatchObject({
      health: 'warning',
      at: '2026-11-23T11:40:00.000Z',
    });
    // The version the cluster does not have yet did not change the Secret.
    expect(
      events.filter(
        e => e.type === 'secret-changed' && e.at > '2026-11-23T11:30:00.000Z',
      ),
    ).toEqual([]);
    const last = samples[samples.length - 1];
    expect(last.hour.toISOString()).toBe('2026-11-23T12:00:00.000Z');
    expect(last.samples).toEqual([
      {
        cluster: 'demo',
        namespace: 'pay',
        name: 'stripe',
        error: 0,
        warning: 1,
        info: 0,
      },
    ]);
    // Sampled from the hour the warning began, not before.
    const hours = samples.map(h => h.hour.toISOString());
    expect(hours).toContain('2026-11-23T11:00:00.000Z');
    expect(hours).not.toContain('2026-11-23T10:00:00.000Z');
  });

  it('records a couple of sync requests by the demo user', () => {
    const { events } = demoHistory([healthy, ahead], now);
    const requests = events.filter(e => e.type === 'sync-requested');
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.length).toBeLessThanOrEqual(2);
    expect(requests[0].actor).toBe('user:development/guest');
  });
});
