#!/usr/bin/env bash
# Runs the developer portal with the External Secrets plugins on embedded defaults:
# SQLite in memory and the bundled demo cluster (examples/demo-cluster).
# Frontend on http://localhost:3000, backend on http://localhost:7007, metrics on :9464.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
. scripts/toolchain.sh
# The backend loads the OpenTelemetry SDK first: Prometheus metrics on 127.0.0.1:9464/metrics
# (docs/alerting.md). The `--require=` form keeps the flag out of the backend's own arguments.
exec backstage-cli repo start \
  --require="$ROOT/packages/backend/src/instrumentation.js" "$@"
