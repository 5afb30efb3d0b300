/*
 * Prometheus metrics for the portal's backend, loaded with `node --require` before the backend
 * (scripts/start.sh passes it to `backstage-cli repo start`; see docs/alerting.md). Plugins
 * record through Backstage's metrics service (OpenTelemetry); this registers the SDK that
 * serves them at http://127.0.0.1:9464/metrics. Set OTEL_EXPORTER_PROMETHEUS_HOST=0.0.0.0 to
 * let a Prometheus outside this host scrape it, OTEL_EXPORTER_PROMETHEUS_PORT to move it.
 * No auto-instrumentations: they would double the backend's startup for metrics not used here.
 */
const { isMainThread } = require('node:worker_threads');

// Worker threads load --require'd files too; one SDK per process.
if (isMainThread) {
  // Metrics only: without these, the SDK would also try to export traces and logs over OTLP.
  process.env.OTEL_TRACES_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const { NodeSDK } = require('@opentelemetry/sdk-node');
  const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');

  const exporter = new PrometheusExporter({
    host: process.env.OTEL_EXPORTER_PROMETHEUS_HOST || '127.0.0.1',
    port: Number(process.env.OTEL_EXPORTER_PROMETHEUS_PORT) || 9464,
  });
  const sdk = new NodeSDK({ metricReaders: [exporter], instrumentations: [] });
  sdk.start();
}
