# shellcheck shell=bash
# Helpers shared by the lab/build scripts. Sourced, not executed.

LAB_BUILD_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../versions.sh
. "$LAB_BUILD_DIR/../versions.sh"

# Module and build caches stay outside the work tree (CI clones afresh and
# nothing built may be committed). Override to share the default Go caches.
: "${LAB_GOMODCACHE:=$LAB_CACHE/go/mod}"
: "${LAB_GOCACHE:=$LAB_CACHE/go/build}"
LAB_LOGS="$LAB_CACHE/logs"
LAB_WORK="$LAB_CACHE/work"
mkdir -p "$LAB_LOGS" "$LAB_WORK"

# Never let Go fetch a toolchain (that fails here) and never write a go.sum
# check-in: -mod=mod lets the wrapper module resolve freely, -modcacherw keeps
# the module cache deletable.
export GOTOOLCHAIN=local
export GOFLAGS="-mod=mod -modcacherw -buildvcs=false"
export CGO_ENABLED=0
export GOMODCACHE="$LAB_GOMODCACHE"
export GOCACHE="$LAB_GOCACHE"

log() { printf '[lab-build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---- cache stamps -------------------------------------------------------
# A cached component is reused only when it was built by exactly the code
# that would build it now: a digest of its build script, this library, its
# pinned versions and the Go toolchain is written next to the binaries after
# a build that verified, and compared before the next one. A change to any of
# them rebuilds that component, and only that one, on the next run (CI
# included), so a changed build script is always exercised cold.

# build_stamp SCRIPT PIN...: prints the digest for the component built by
# SCRIPT with the given pins (NAME=value words, the toolchain's among them).
build_stamp() {
  local script="$1"; shift
  { cat "$script" "$LAB_BUILD_DIR/lib.sh"; printf 'pin %s\n' "$@"; } | sha256sum | cut -d' ' -f1
}

# go_pin: the Go toolchain as a pin (a new Go rebuilds every Go component).
go_pin() { printf 'go=%s' "$(go env GOVERSION)"; }

# is_current DIR STAMP: true when DIR holds a build stamped STAMP.
is_current() {
  local recorded=""
  [[ -f "$1/.build-stamp" ]] && recorded="$(<"$1/.build-stamp")"
  if [[ "$recorded" == "$2" ]]; then
    return 0
  elif [[ -n "$recorded" ]]; then
    log "$(basename "$1"): build inputs changed since the cached build (stamp ${recorded:0:12} -> ${2:0:12}), rebuilding"
  fi
  return 1
}

# mark_current DIR STAMP: records that DIR now holds a verified build.
mark_current() { printf '%s\n' "$2" >"$1/.build-stamp"; }

# first_line TEXT: the first line of TEXT. Commands' output is captured into
# a variable first and cut here, never piped into head or grep -q: under
# pipefail a reader that exits early kills the writer with SIGPIPE (exit
# 141), which once killed the whole test command on every new machine.
first_line() { printf '%s\n' "${1%%$'\n'*}"; }

# run_step NAME LOGFILE CMD...: runs CMD with its output in LOGFILE, prints a
# heartbeat every 30 s (a cold go build is silent for minutes) and the tail
# of the log on failure.
run_step() {
  local name="$1" logfile="$2"; shift 2
  local start=$SECONDS rc=0 pid
  log "$name: started (log: $logfile)"
  { echo "+ $*"; } >>"$logfile"
  "$@" >>"$logfile" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    # Sleep in short slices so a finished step is noticed quickly.
    for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
      kill -0 "$pid" 2>/dev/null || break
      sleep 2
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name: still running, $((SECONDS - start))s elapsed"
    fi
  done
  wait "$pid" || rc=$?
  if [[ $rc -ne 0 ]]; then
    log "$name: FAILED (exit $rc) after $((SECONDS - start))s; last lines of $logfile:"
    tail -n 40 "$logfile" >&2
    return "$rc"
  fi
  log "$name: done in $((SECONDS - start))s"
}

# new_wrapper DIR MODULE: (re)creates an empty wrapper module folder. The
# wrapper only exists to require the upstream module at a pinned version.
new_wrapper() {
  local dir="$1" module="$2"
  rm -rf "$dir"
  mkdir -p "$dir"
  (cd "$dir" && go mod init "$module" >/dev/null 2>&1)
}

# record_time COMPONENT SECONDS: appends to a small TSV so cold/warm build
# times can be read back later.
record_time() {
  printf '%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" "$2" >>"$LAB_CACHE/build-times.tsv"
}
