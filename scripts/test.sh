#!/usr/bin/env bash
# Runs every check and test: types, lint and formatting; unit and integration tests of all
# packages (jest, including the drift CLI run on the demo dumps, the backend against a
# list/watch API, AWS collection against moto, the database on SQLite and PostgreSQL, and the
# whole secret flow on a real local control plane with ESO and moto: packages/cluster-e2e); and
# the browser test (the portal started for real, driven in Chromium).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
bash scripts/install-system-packages.sh
# First, and cheap: shell defects that only a cold machine would otherwise show.
bash scripts/check-scripts.sh
. scripts/toolchain.sh
# Database tests run on SQLite and on a real PostgreSQL (Debian's, on loopback); no Docker here.
eval "$(bash scripts/start-postgres.sh)"
export ESO_REQUIRE_POSTGRES=1 BACKSTAGE_TEST_DISABLE_DOCKER=1

echo "[test] types, config schema, lint, formatting" >&2
tsc --noEmit -p tsconfig.json
tsc --noEmit -p bench/tsconfig.json
backstage-cli config:check --config app-config.yaml
backstage-cli repo lint
prettier --check . >/dev/null

echo "[test] lab: building the local control plane, ESO and kwok (cached in ~/.cache/eso-health-lab), installing moto" >&2
bash lab/build/all.sh

echo "[test] jest: all packages (the cluster end-to-end suite starts and stops its own lab)" >&2
CI=true backstage-cli repo test --maxWorkers=2

echo "[test] browser: portal + Chromium" >&2
node e2e/portal.e2e.mjs
