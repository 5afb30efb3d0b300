#!/usr/bin/env bash
# Installs everything the portal and the tests need, from the package registries only:
# Node 22 and pnpm into .tools/, the workspace dependencies, and better-sqlite3 built from
# source against that Node (no prebuilt binary can be downloaded here). Idempotent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/toolchain.sh

echo "[setup] installing workspace dependencies with pnpm (node $(node --version))" >&2
pnpm install --frozen-lockfile --reporter=append-only

# pnpm skips the native build when a cached copy exists; make sure the module loads under this Node.
if ! node -e "new (require('better-sqlite3'))(':memory:').close()" 2>/dev/null; then
  echo "[setup] building better-sqlite3 from source" >&2
  (cd node_modules/better-sqlite3 && npx --no-install node-gyp rebuild --release >/dev/null)
fi
echo "[setup] done" >&2
