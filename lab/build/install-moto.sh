#!/usr/bin/env bash
# moto (the Secrets Manager emulator) is installed by the project's own
# scripts/install-moto.sh into $MOTO_VENV at $MOTO_VERSION (both from
# lab/versions.sh); this only delegates to it and reports, so
# lab/build/all.sh covers every component.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start=$SECONDS
bash "$LAB_REPO_ROOT/scripts/install-moto.sh"
log "moto $MOTO_VERSION: ready in $((SECONDS - start))s at $MOTO_VENV"
