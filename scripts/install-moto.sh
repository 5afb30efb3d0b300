#!/usr/bin/env bash
# Installs moto (the AWS emulator the AWS tests, the benchmark and the lab run against) into a
# project-local virtual environment, .tools/moto-venv, from PyPI. Idempotent: skipped when the
# pinned version is already there. Never committed (.tools/ is ignored).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# MOTO_VERSION and MOTO_VENV (.tools/moto-venv): the one pin, shared with the lab.
# shellcheck source=lab/versions.sh
. "$ROOT/lab/versions.sh"
VENV="$MOTO_VENV"

if [ -x "$VENV/bin/moto_server" ] &&
  [ "$("$VENV/bin/python" -c 'import moto; print(moto.__version__)' 2>/dev/null)" = "$MOTO_VERSION" ]; then
  exit 0
fi
echo "[moto] installing moto[server] $MOTO_VERSION into $VENV" >&2
start=$SECONDS
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" >"$ROOT/.tools/moto-install.log" 2>&1 ||
  { tail -n 30 "$ROOT/.tools/moto-install.log" >&2; echo "[moto] install failed" >&2; exit 1; }
echo "[moto] ready in $((SECONDS - start)) s" >&2
