#!/usr/bin/env bash
# Builds kwok, the pod/node simulator: it keeps a fake Node Ready (with a
# lease) and plays "stages" on pods bound to it (Pending -> Running with a
# real containerStatuses[].state.running.startedAt, deletion -> gone).
# sigs.k8s.io/kwok has no replace directives; a wrapper module is still used
# so the same GOFLAGS work as for the other builds. kwok reads its stages
# from a config file, so the stage YAMLs it ships are copied next to it.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MOD=sigs.k8s.io/kwok
bin="$LAB_BIN_KWOK/kwok"
stages="$LAB_BIN_KWOK/stages.yaml"
stamp="$(build_stamp "${BASH_SOURCE[0]}" "$(go_pin)" "KWOK_VERSION=$KWOK_VERSION")"

# The post-build check, run after a build and on every cached build alike.
verify() {
  local version
  version="$("$bin" --version 2>&1)" || return 1
  log "kwok $KWOK_VERSION: $(first_line "$version")"
  [[ "$version" == *"$KWOK_VERSION"* ]] || return 1
  [[ -s "$stages" ]] || { log "kwok: no stages in $stages"; return 1; }
}
if is_current "$LAB_BIN_KWOK" "$stamp" && verify; then
  log "kwok $KWOK_VERSION: cached build at $bin is current, skipping"
  exit 0
fi

start=$SECONDS
wrap="$LAB_WORK/kwok-$KWOK_VERSION"
logfile="$LAB_LOGS/build-kwok-$KWOK_VERSION.log"
: >"$logfile"
new_wrapper "$wrap" lab.local/kwokbuild
cd "$wrap"
run_step "kwok $KWOK_VERSION: go get (module downloads)" "$logfile" \
  go get "$MOD/cmd/kwok@v$KWOK_VERSION"
mkdir -p "$LAB_BIN_KWOK"
run_step "kwok $KWOK_VERSION: go build" "$logfile" \
  go build -trimpath -ldflags "-s -w" -o "$bin" "$MOD/cmd/kwok"

# The stages kwokctl itself uses by default: node initialise + heartbeat
# with a lease (kube-controller-manager's node lifecycle reads the lease),
# and the "fast" pod stages (ready at once, complete, delete).
src="$(go list -m -f '{{.Dir}}' "$MOD")/kustomize/stage"
: >"$stages.tmp"
for f in node/fast/node-initialize.yaml \
  node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
  pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
  { echo '---'; cat "$src/$f"; } >>"$stages.tmp"
done
mv "$stages.tmp" "$stages"

verify || { log "kwok $KWOK_VERSION: the built binary fails its check"; exit 1; }
mark_current "$LAB_BIN_KWOK" "$stamp"
record_time "kwok-$KWOK_VERSION" $((SECONDS - start))
log "kwok $KWOK_VERSION: ready in $((SECONDS - start))s at $bin"
