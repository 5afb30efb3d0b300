#!/usr/bin/env bash
# Builds etcd from the Go module proxy. go.etcd.io/etcd/server/v3 has its
# main package at the module root, but its go.mod has relative replaces, so
# `go install …@v` is refused; a throw-away wrapper module that requires it
# works because a dependency's replaces are ignored.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bin="$LAB_BIN_ETCD/etcd"
stamp="$(build_stamp "${BASH_SOURCE[0]}" "$(go_pin)" "ETCD_VERSION=$ETCD_VERSION")"

# The post-build check, run after a build and on every cached build alike.
verify() {
  local version
  version="$("$bin" --version 2>&1)" || return 1
  log "etcd $ETCD_VERSION: $(first_line "$version")"
  [[ "$version" == *"etcd Version: $ETCD_VERSION"* ]]
}
if is_current "$LAB_BIN_ETCD" "$stamp" && verify; then
  log "etcd $ETCD_VERSION: cached build at $bin is current, skipping"
  exit 0
fi

start=$SECONDS
wrap="$LAB_WORK/etcd-$ETCD_VERSION"
logfile="$LAB_LOGS/build-etcd-$ETCD_VERSION.log"
: >"$logfile"
new_wrapper "$wrap" lab.local/etcdbuild
cd "$wrap"
run_step "etcd $ETCD_VERSION: go get" "$logfile" go get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION"
mkdir -p "$LAB_BIN_ETCD"
# etcd's version is a constant in the module; no ldflags needed for --version.
run_step "etcd $ETCD_VERSION: go build" "$logfile" \
  go build -trimpath -ldflags "-s -w" -o "$bin" go.etcd.io/etcd/server/v3
verify || { log "etcd $ETCD_VERSION: the built binary fails its check"; exit 1; }
mark_current "$LAB_BIN_ETCD" "$stamp"
record_time "etcd-$ETCD_VERSION" $((SECONDS - start))
log "etcd $ETCD_VERSION: ready in $((SECONDS - start))s at $bin"
