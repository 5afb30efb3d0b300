#!/usr/bin/env bash
# Runs every test: unit and integration tests of all packages (jest), the drift CLI against
# the demo dumps, and the browser test (the portal started for real, driven in Chromium).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
bash scripts/install-system-packages.sh
. scripts/toolchain.sh

echo "[test] jest: all packages" >&2
CI=true backstage-cli repo test --maxWorkers=2

echo "[test] browser: portal + Chromium" >&2
node e2e/portal.e2e.mjs
