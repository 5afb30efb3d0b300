#!/usr/bin/env bash
# Runs the developer portal with the External Secrets plugins on embedded defaults:
# SQLite in memory and the bundled demo cluster (examples/demo-cluster).
# Frontend on http://localhost:3000, backend on http://localhost:7007.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
. scripts/toolchain.sh
exec backstage-cli repo start "$@"
