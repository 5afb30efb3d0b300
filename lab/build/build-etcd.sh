#!/usr/bin/env bash
# Builds etcd from the Go module proxy. go.etcd.io/etcd/server/v3 has its
# main package at the module root, but its go.mod has relative replaces, so
# `go install …@v` is refused; a throw-away wrapper module that requires it
# works because a dependency's replaces are ignored.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bin="$LAB_BIN_ETCD/etcd"
if answers_version "$bin"; then
  log "etcd $ETCD_VERSION: already built at $bin, skipping"
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
"$bin" --version | head -n 1 >&2
record_time "etcd-$ETCD_VERSION" $((SECONDS - start))
log "etcd $ETCD_VERSION: ready in $((SECONDS - start))s at $bin"
