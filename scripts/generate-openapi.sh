#!/usr/bin/env bash
# Regenerates the code generated from plugins/external-secrets-backend/src/schema/openapi.yaml,
# the one API contract: the backend's typed router and server types
# (plugins/external-secrets-backend/src/schema/openapi/generated) and the frontend's client and
# models (plugins/external-secrets/src/schema/openapi/generated). Run it after editing the YAML
# and commit the result; `scripts/test.sh` only checks that they match (no Java there).
#
# Needs Java 11+ (@openapitools/openapi-generator-cli downloads its generator jar from Maven
# Central on first use). @backstage/repo-tools calls `yarn <bin>` for lint and prettier; this repo
# uses pnpm, so a temporary `yarn` that runs the binary from node_modules/.bin stands in.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/toolchain.sh >/dev/null
SHIM="$(mktemp -d)"
trap 'rm -rf "$SHIM"' EXIT
printf '#!/bin/sh\nexec "$@"\n' >"$SHIM/yarn"
chmod +x "$SHIM/yarn"
export PATH="$SHIM:$ROOT/node_modules/.bin:$PATH"
cd plugins/external-secrets-backend
output="$(backstage-repo-tools package schema openapi generate --server --client-package plugins/external-secrets 2>&1)"
echo "$output"
# repo-tools prints a failure instead of exiting non-zero.
if [[ "$output" == *"failed"* ]]; then
  exit 1
fi
# The generator formats before its last rewrites; format what is committed.
cd "$ROOT"
prettier --write plugins/external-secrets-backend/src/schema \
  plugins/external-secrets/src/schema >/dev/null
