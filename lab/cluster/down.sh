#!/usr/bin/env bash
# Stops every component lab/cluster/up.sh started in $LAB_DIR, by the pids
# it recorded (TERM, then KILL after LAB_STOP_TIMEOUT), in reverse start
# order so controllers go before the API server and etcd.
#
#   lab/cluster/down.sh           stop; keep logs and state for a look
#   lab/cluster/down.sh --purge   stop and delete $LAB_DIR
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

purge=false
case "${1:-}" in
  "") ;;
  --purge) purge=true ;;
  *) die "usage: $0 [--purge]" ;;
esac

# The env file means "up"; remove it first so no test reads a dying lab.
rm -f "$ENV_FILE" "$LAB_DIR/env.json"
left=()
for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do
  stop_component "${COMPONENTS[i]}" || left+=("${COMPONENTS[i]}")
done
[[ ${#left[@]} -eq 0 ]] || die "still running: ${left[*]}"
if $purge; then
  rm -rf "$LAB_DIR"
  log "lab stopped and $LAB_DIR removed"
else
  log "lab stopped; logs kept in $LAB_DIR/logs"
fi
