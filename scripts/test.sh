#!/usr/bin/env bash
# Runs every check and test: types, lint, formatting and the published packages' API reports;
# unit and integration tests of all packages (jest, including the drift CLI run on the demo
# dumps, the backend against a list/watch API, AWS collection against moto, the database on
# SQLite and PostgreSQL, and the whole secret flow on a real local control plane with ESO and
# moto: packages/cluster-e2e); and the browser test (the portal started for real, driven in
# Chromium).
# The API contract is fuzzed as well: schemathesis over the backend's OpenAPI file, against the
# real plugin (scripts/schemathesis.sh). No secret value leaves it: the canary tests
# (plugins/external-secrets-backend/src/canary.test.ts and packages/cluster-e2e) run with jest.
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

echo "[test] types, config schema, lint, formatting, API reports" >&2
tsc --noEmit -p tsconfig.json
tsc --noEmit -p bench/tsconfig.json
backstage-cli config:check --config app-config.yaml
backstage-cli repo lint
prettier --check . >/dev/null
# The public surface of every published package (plugins/*, the drift CLI) matches its checked-in
# report (report.api.md, report-alpha.api.md, cli-report.md), with a release tag on every export
# and no API Extractor warning. The reports read declarations of the packages' sources (tests
# left out), written afresh into dist-types/ (git-ignored) so no declaration of a moved file is
# read. After a deliberate change: `pnpm build:api-reports`, then commit the reports.
rm -rf dist-types/plugins
tsc -p tsconfig.api-reports.json
pnpm --silent build:api-reports:only --ci
# One API contract: the committed generated router/types match src/schema/openapi.yaml (no Java
# needed; `generate` is for editors), and the frontend's generated models match the backend's.
NODE_OPTIONS="--require $ROOT/node_modules/@backstage/cli/config/nodeTransform.cjs" \
  backstage-repo-tools repo schema openapi validate plugins/external-secrets-backend
diff -r plugins/external-secrets-backend/src/schema/openapi/generated/models \
  plugins/external-secrets/src/schema/openapi/generated/models

echo "[test] API contract: schemathesis (pinned, in .tools/schemathesis-venv) over the backend's OpenAPI file, against the real plugin serving the demo cluster: at least 1,000 cases over every operation, no 5xx, every response as its schema says" >&2
bash scripts/schemathesis.sh

echo "[test] lab: building the local control plane, ESO and kwok (cached in ~/.cache/eso-health-lab), installing moto" >&2
bash lab/build/all.sh

echo "[test] jest: all packages (the cluster end-to-end suite starts and stops its own lab)" >&2
CI=true backstage-cli repo test --maxWorkers=2

echo "[test] browser: portal + Chromium" >&2
node e2e/portal.e2e.mjs
