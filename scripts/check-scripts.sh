#!/usr/bin/env bash
# A cheap guard, run first by the test command, against shell defects that a warm machine never
# shows: shellcheck over every script of lab/, scripts/ and .ci/, and a check that no pipeline
# ends in a reader that may exit before its writer has written everything.
#
# Why the second check: under `set -o pipefail`, `cmd | head -n 1` (or `| grep -q`, `| grep -m1`)
# fails with exit 141 whenever the reader exits first and `cmd` is killed by SIGPIPE. Whether that
# happens is a race (it depends on how much `cmd` writes and when), so a run on warm caches passes
# while the first run on a new machine dies: it did, in the etcd build. The project's one way to
# do this instead: capture the output in a variable, then match the variable.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# early_exit_pipelines FILE...: prints file:line: text for each pipeline whose last command may
# stop reading early. Continuation lines (ending in | or \) are joined; comment lines are skipped.
early_exit_pipelines() {
  awk '
    function report() { if (text ~ bad) printf "%s:%d: %s\n", file, line, text }
    FNR == 1 { if (text != "") report(); text = ""; file = FILENAME }
    /^[[:space:]]*#/ { next }
    {
      if (text == "") line = FNR
      text = text $0
      if ($0 ~ /(\||\\)[[:space:]]*$/) next
      report(); text = ""
    }
    END { if (text != "") report() }
  ' bad='(^|[^|])[|][[:space:]]*(head([[:space:]]|$)|grep([[:space:]]+-[[:alnum:]]+)*[[:space:]]+(-[[:alnum:]]*[qlLm]|--quiet|--silent|--max-count|--files-with)|sed([[:space:]]+-[[:alnum:]]+)*[[:space:]]+.?[0-9]*q)' "$@"
}

# The check must keep catching what it exists for: each pipeline of early-exit.txt is flagged
# (the file holds one per line but for a continuation), none of reads-all.txt.
self_test() {
  local fixtures="$ROOT/scripts/check-scripts.fixtures" flagged
  flagged="$(early_exit_pipelines "$fixtures/early-exit.txt")"
  if [[ "$(wc -l <<<"$flagged")" -ne 8 || -n "$(early_exit_pipelines "$fixtures/reads-all.txt")" ]]; then
    echo "[check-scripts] the pipeline check no longer recognises the patterns it guards against" >&2
    return 1
  fi
}

mapfile -t files < <(find lab scripts .ci -type f \( -name '*.sh' -o -path .ci/run \) | sort)
self_test
bad="$(early_exit_pipelines "${files[@]}")"
if [[ -n "$bad" ]]; then
  echo "[check-scripts] pipelines whose reader may exit early (exit 141 under pipefail); capture the output in a variable and match that instead:" >&2
  echo "$bad" >&2
  exit 1
fi
if ! command -v shellcheck >/dev/null 2>&1; then
  echo "[check-scripts] shellcheck is missing: scripts/install-system-packages.sh installs it from Debian" >&2
  exit 1
fi
shellcheck -x "${files[@]}"
echo "[check-scripts] ${#files[@]} scripts: shellcheck clean, no early-exit pipelines" >&2
