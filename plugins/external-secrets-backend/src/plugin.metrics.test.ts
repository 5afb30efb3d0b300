import { startTestBackend } from '@backstage/backend-test-utils';
import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPoint,
  Histogram,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  eventually,
  liveBackendFeatures,
  putOrdersExternalSecret,
  useOrdersCluster,
} from './__testUtils__/ordersCluster';

// The metrics the plugin exports through Backstage's metrics service, read by a real OTel SDK
// MeterProvider registered globally (as packages/backend/src/instrumentation.js does).

/** A pull reader: collect() on demand, like a Prometheus scrape. */
class ScrapeReader extends MetricReader {
  constructor() {
    super({
      aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE,
    });
  }
  protected async onForceFlush() {}
  protected async onShutdown() {}
}

type Points = Map<string, DataPoint<number | Histogram>[]>;

async function scrape(reader: ScrapeReader): Promise<Points> {
  const { resourceMetrics } = await reader.collect();
  const points: Points = new Map();
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics)
      points.set(metric.descriptor.name, metric.dataPoints as any);
  }
  return points;
}

function value(
  points: Points,
  name: string,
  attributes: Record<string, string>,
): number | undefined {
  const point = points
    .get(name)
    ?.find(p =>
      Object.entries(attributes).every(([k, v]) => p.attributes[k] === v),
    );
  return point === undefined ? undefined : (point.value as number);
}

describe('external-secrets metrics', () => {
  const kube = useOrdersCluster();
  const reader = new ScrapeReader();
  const provider = new MeterProvider({ readers: [reader] });

  beforeAll(() => {
    metrics.setGlobalMeterProvider(provider);
  });
  afterAll(async () => {
    await provider.shutdown();
    metrics.disable();
  });

  it('exports ExternalSecrets by health, findings, service, cluster and evaluation metrics', async () => {
    await startTestBackend({ features: liveBackendFeatures(kube) });
    const orders = { entity_ref: 'component:default/orders' };
    const healthy = await eventually(async () => {
      const points = await scrape(reader);
      return value(points, 'external_secrets.service.resources', {
        ...orders,
        health: 'healthy',
      }) === 2
        ? points
        : undefined;
    });
    expect(
      value(healthy, 'external_secrets.resources', {
        cluster: 'live',
        namespace: 'orders',
        health: 'healthy',
      }),
    ).toBe(2);
    expect(
      value(healthy, 'external_secrets.resources', {
        cluster: 'live',
        namespace: 'orders',
        health: 'error',
      }),
    ).toBe(0);
    expect(
      value(healthy, 'external_secrets.cluster.status', {
        cluster: 'live',
        status: 'ok',
      }),
    ).toBe(1);
    expect(
      value(healthy, 'external_secrets.cluster.status', {
        cluster: 'live',
        status: 'error',
      }),
    ).toBe(0);
    expect(
      value(healthy, 'external_secrets.cluster.last_event_age_seconds', {
        cluster: 'live',
      }),
    ).toBeGreaterThanOrEqual(0);
    // refreshTime is 10 minutes ago in the fixture.
    const age = value(
      healthy,
      'external_secrets.service.last_sync_age_seconds',
      orders,
    );
    expect(age).toBeGreaterThanOrEqual(600);
    expect(age).toBeLessThan(900);
    const durations =
      healthy.get('external_secrets.evaluation.duration_seconds') ?? [];
    expect(durations.length).toBeGreaterThan(0);
    expect((durations[0].value as Histogram).count).toBeGreaterThan(0);

    // ESO reports a failure: the watch event moves the gauges at the next scrape.
    putOrdersExternalSecret(kube, 'orders-db', 'failing');
    const failing = await eventually(async () => {
      const points = await scrape(reader);
      return value(points, 'external_secrets.service.resources', {
        ...orders,
        health: 'error',
      }) === 1
        ? points
        : undefined;
    });
    expect(
      value(failing, 'external_secrets.resources', {
        cluster: 'live',
        namespace: 'orders',
        health: 'error',
      }),
    ).toBe(1);
    expect(
      value(failing, 'external_secrets.findings', {
        cluster: 'live',
        namespace: 'orders',
        rule: 'sync-failed',
        severity: 'error',
      }),
    ).toBe(1);
    // Bounded labels: no Secret, pod or ExternalSecret names anywhere.
    for (const points of failing.values())
      for (const point of points)
        expect(Object.values(point.attributes)).not.toContain('orders-db');
  });
});
