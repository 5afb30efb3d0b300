#!/usr/bin/env bash
# moto (the Secrets Manager emulator) is installed by the project's own
# scripts/install-moto.sh into .tools/moto-venv; this only delegates to it
# and reports, so lab/build/all.sh covers every component.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

installer="$LAB_REPO_ROOT/scripts/install-moto.sh"
[[ -x "$installer" || -f "$installer" ]] || { log "moto: $installer is missing"; exit 1; }
start=$SECONDS
log "moto: running scripts/install-moto.sh (skips when moto is installed)"
bash "$installer"
[[ -x "$MOTO_VENV/bin/moto_server" ]] || { log "moto: $MOTO_VENV/bin/moto_server missing"; exit 1; }
log "moto: $("$MOTO_VENV/bin/python" -c 'import moto; print(moto.__version__)') ready in $((SECONDS - start))s at $MOTO_VENV"
