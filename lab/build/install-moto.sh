#!/usr/bin/env bash
# Installs moto (the AWS emulator that the AWS tests, the benchmarks and the lab run against)
# from PyPI into a project-local virtual environment, $MOTO_VENV (.tools/moto-venv), at
# $MOTO_VERSION (both from lab/versions.sh). Skipped when the venv was made by this very script
# with the same pins and still imports moto. Never committed (.tools/ is ignored).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VENV="$MOTO_VENV"
python="$(python3 -c 'import sys; print(".".join(map(str, sys.version_info[:3])))')"
stamp="$(build_stamp "${BASH_SOURCE[0]}" "MOTO_VERSION=$MOTO_VERSION" "python=$python")"

# The post-install check, run after an install and on every cached venv alike.
verify() {
  local version
  [[ -x "$VENV/bin/moto_server" ]] || return 1
  version="$("$VENV/bin/python" -c 'import moto; print(moto.__version__)' 2>&1)" || return 1
  log "moto $MOTO_VERSION: the venv imports moto $version"
  [[ "$version" == "$MOTO_VERSION" ]]
}
if is_current "$VENV" "$stamp" && verify; then
  log "moto $MOTO_VERSION: cached venv at $VENV is current, skipping"
  exit 0
fi

start=$SECONDS
logfile="$LAB_LOGS/install-moto-$MOTO_VERSION.log"
: >"$logfile"
rm -rf "$VENV"
run_step "moto $MOTO_VERSION: venv" "$logfile" python3 -m venv "$VENV"
run_step "moto $MOTO_VERSION: pip install moto[server]" "$logfile" \
  "$VENV/bin/pip" install --disable-pip-version-check "moto[server]==$MOTO_VERSION"
verify || { log "moto $MOTO_VERSION: the installed venv fails its check"; exit 1; }
mark_current "$VENV" "$stamp"
record_time "moto-$MOTO_VERSION" $((SECONDS - start))
log "moto $MOTO_VERSION: ready in $((SECONDS - start))s at $VENV"
