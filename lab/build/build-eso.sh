#!/usr/bin/env bash
# Builds the External Secrets Operator controller (single Go module up to
# v0.20.x; v1+ is split into ~55 modules with relative replaces) from its
# own wrapper module, so its k8s.io/* versions never mix with the
# Kubernetes build. Also copies its CRDs out of the module zip.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MOD=github.com/external-secrets/external-secrets
bin="$LAB_BIN_ESO/external-secrets"
crds="$LAB_BIN_ESO/crds.yaml"
stamp="$(build_stamp "${BASH_SOURCE[0]}" "$(go_pin)" "ESO_VERSION=$ESO_VERSION" "ESO_SPRIG_REPLACE=$ESO_SPRIG_REPLACE")"

# The post-build check, run after a build and on every cached build alike.
# ESO's cobra root has no --version; `--help` proves the binary runs.
verify() {
  local crd_count
  "$bin" --help >/dev/null 2>&1 || { log "external-secrets: $bin does not run"; return 1; }
  crd_count="$(grep -c '^kind: CustomResourceDefinition' "$crds")" || return 1
  log "external-secrets $ESO_VERSION: binary runs, $crd_count CRDs in $crds"
}
if is_current "$LAB_BIN_ESO" "$stamp" && verify; then
  log "external-secrets $ESO_VERSION: cached build at $bin is current, skipping"
  exit 0
fi

start=$SECONDS
wrap="$LAB_WORK/eso-$ESO_VERSION"
logfile="$LAB_LOGS/build-eso-$ESO_VERSION.log"
: >"$logfile"
new_wrapper "$wrap" lab.local/esobuild
cd "$wrap"
# The one replace ESO's go.mod carries; a dependency's replaces are ignored,
# so the wrapper must repeat it or sprig resolves to the upstream fork point.
go mod edit -replace="github.com/Masterminds/sprig/v3=$ESO_SPRIG_REPLACE"
# Seed the wrapper's go.sum with ESO's own: the checksum database here
# does not answer for some of ESO's dependencies (e.g. conjur-api-go,
# IBM secrets-manager-go-sdk: "verifying module: … 404 Not Found"), and
# hashes already in go.sum are verified locally without asking it. The
# wrapper selects exactly ESO's versions, so ESO's go.sum covers them.
run_step "external-secrets $ESO_VERSION: download module" "$logfile" \
  sh -c "go mod download -json '$MOD@v$ESO_VERSION' >download.json"
src="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' download.json)"
[[ -s "$src/go.sum" ]] || { log "external-secrets: no go.sum in $src"; exit 1; }
cp "$src/go.sum" go.sum
chmod u+w go.sum
run_step "external-secrets $ESO_VERSION: go get (module downloads)" "$logfile" \
  go get "$MOD@v$ESO_VERSION"
mkdir -p "$LAB_BIN_ESO"
run_step "external-secrets $ESO_VERSION: go build" "$logfile" \
  go build -trimpath -ldflags "-s -w" -o "$bin" "$MOD"

# CRDs: the generated bundle if the module ships it, else the bases joined.
if [[ -s "$src/deploy/crds/bundle.yaml" ]]; then
  cp "$src/deploy/crds/bundle.yaml" "$crds.tmp"
else
  : >"$crds.tmp"
  for f in "$src"/config/crds/bases/*.yaml; do
    [[ "$(basename "$f")" == kustomization.yaml ]] && continue
    { echo '---'; cat "$f"; } >>"$crds.tmp"
  done
fi
chmod u+w "$crds.tmp"
mv "$crds.tmp" "$crds"
verify || { log "external-secrets $ESO_VERSION: the build fails its check"; exit 1; }
mark_current "$LAB_BIN_ESO" "$stamp"
record_time "eso-$ESO_VERSION" $((SECONDS - start))
log "external-secrets $ESO_VERSION: ready in $((SECONDS - start))s at $bin"
