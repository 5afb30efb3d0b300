#!/usr/bin/env bash
# Installs schemathesis (the property-based API tester the test command runs over the backend's
# OpenAPI file) from PyPI into a project-local virtual environment, $SCHEMATHESIS_VENV
# (.tools/schemathesis-venv), at $SCHEMATHESIS_VERSION. Skipped when the venv was made by this
# very script with the same pins and still runs that version. Never committed (.tools/ is ignored).
set -euo pipefail
# shellcheck source=lab/build/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lab/build/lib.sh"
# shellcheck source=lab/build/pip-venv.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lab/build/pip-venv.sh"

: "${SCHEMATHESIS_VERSION:=4.32.5}"
: "${SCHEMATHESIS_VENV:=$LAB_REPO_ROOT/.tools/schemathesis-venv}"
VENV="$SCHEMATHESIS_VENV"
python="$(python3 -c 'import sys; print(".".join(map(str, sys.version_info[:3])))')"
stamp="$(build_stamp "${BASH_SOURCE[0]}" "SCHEMATHESIS_VERSION=$SCHEMATHESIS_VERSION" "python=$python" "$(pip_venv_pin)")"

# The post-install check, run after an install and on every cached venv alike.
verify() {
  local version
  [[ -x "$VENV/bin/st" ]] || return 1
  version="$("$VENV/bin/python" -c 'from importlib.metadata import version; print(version("schemathesis"))' 2>&1)" || return 1
  log "schemathesis $SCHEMATHESIS_VERSION: the venv has schemathesis $version"
  [[ "$version" == "$SCHEMATHESIS_VERSION" ]] || return 1
  "$VENV/bin/st" --version >/dev/null
}
install_pip_venv schemathesis "$SCHEMATHESIS_VERSION" "$VENV" "$stamp" "schemathesis==$SCHEMATHESIS_VERSION" verify
