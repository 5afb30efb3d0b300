#!/usr/bin/env bash
# Installs moto (the AWS emulator that the AWS tests, the benchmarks and the lab run against)
# from PyPI into a project-local virtual environment, $MOTO_VENV (.tools/moto-venv), at
# $MOTO_VERSION (both from lab/versions.sh). Skipped when the venv was made by this very script
# with the same pins and still imports moto. Never committed (.tools/ is ignored).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=pip-venv.sh
. "$(dirname "${BASH_SOURCE[0]}")/pip-venv.sh"

VENV="$MOTO_VENV"
python="$(python3 -c 'import sys; print(".".join(map(str, sys.version_info[:3])))')"
stamp="$(build_stamp "${BASH_SOURCE[0]}" "MOTO_VERSION=$MOTO_VERSION" "python=$python" "$(pip_venv_pin)")"

# The post-install check, run after an install and on every cached venv alike.
verify() {
  local version
  [[ -x "$VENV/bin/moto_server" ]] || return 1
  version="$("$VENV/bin/python" -c 'import moto; print(moto.__version__)' 2>&1)" || return 1
  log "moto $MOTO_VERSION: the venv imports moto $version"
  [[ "$version" == "$MOTO_VERSION" ]]
}
install_pip_venv moto "$MOTO_VERSION" "$VENV" "$stamp" "moto[server]==$MOTO_VERSION" verify
