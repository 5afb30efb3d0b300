#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kube-scheduler and kubectl
# from ONE wrapper module requiring k8s.io/kubernetes at a release tag.
#
# k8s.io/kubernetes requires its staging modules (k8s.io/api, …) at v0.0.0
# and maps them to ./staging/src/…; those replaces are ignored in a
# dependency, so the wrapper re-maps each staging module to its published
# tag v0.Y.Z (Kubernetes v1.Y.Z). The list is read from the release's own
# go.mod rather than hard-coded, because it changes between minors.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

K="$K8S_VERSION"
STAGING_TAG="v0.${K#1.}"
MINOR="$(cut -d. -f2 <<<"$K")"
CMDS=(kube-apiserver kube-controller-manager kube-scheduler kubectl)

stamp="$(build_stamp "${BASH_SOURCE[0]}" "$(go_pin)" "K8S_VERSION=$K")"

# The post-build check, run after a build and on every cached build alike:
# each binary runs and reports the pinned release.
verify() {
  local c version
  for c in kube-apiserver kube-controller-manager kube-scheduler; do
    version="$("$LAB_BIN_K8S/$c" --version 2>&1)" || return 1
    [[ "$version" == "Kubernetes v$K" ]] || { log "$c reports '$version'"; return 1; }
  done
  version="$("$LAB_BIN_K8S/kubectl" version --client 2>&1)" || return 1
  [[ "$version" == *"Client Version: v$K"* ]] || { log "kubectl reports '$version'"; return 1; }
  log "kubernetes $K: kube-apiserver, kube-controller-manager, kube-scheduler and kubectl report v$K"
}
if is_current "$LAB_BIN_K8S" "$stamp" && verify; then
  log "kubernetes $K: cached build in $LAB_BIN_K8S is current, skipping"
  exit 0
fi

start=$SECONDS
wrap="$LAB_WORK/k8s-$K"
logfile="$LAB_LOGS/build-k8s-$K.log"
: >"$logfile"
new_wrapper "$wrap" lab.local/k8sbuild
cd "$wrap"

# 1. Read the release's go.mod to learn which modules are staging modules.
run_step "kubernetes $K: download go.mod" "$logfile" \
  sh -c "go mod download -json k8s.io/kubernetes@v$K >download.json"
gomod="$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p' download.json)"
[[ -f "$gomod" ]] || { log "cannot find go.mod of k8s.io/kubernetes@v$K"; exit 1; }
mapfile -t staging < <(sed -n 's#^[[:space:]]*\(k8s\.io/[^ ]*\) => \./staging/src/.*#\1#p' "$gomod" | sort -u)
[[ ${#staging[@]} -gt 0 ]] || { log "no staging replaces found in $gomod"; exit 1; }
log "kubernetes $K: ${#staging[@]} staging modules, mapping each to $STAGING_TAG"

# 2. Map each staging module to its tag. A patch tag can be missing from the
#    proxy; staging repos also carry kubernetes-1.Y.Z tags, which the proxy
#    resolves to a pseudo-version. A module served in neither form (here the
#    sample-* modules) is left out: the commands built below do not import
#    it, and if one did, go get would fail on it with a clear message.
skipped=()
for m in "${staging[@]}"; do
  if v="$(go list -m -f '{{.Version}}' "$m@$STAGING_TAG" 2>>"$logfile")"; then
    :
  elif v="$(go list -m -f '{{.Version}}' "$m@kubernetes-$K" 2>>"$logfile")"; then
    log "kubernetes $K: $m has no $STAGING_TAG, using $v"
  else
    skipped+=("$m")
    continue
  fi
  go mod edit -replace="$m=$m@$v"
done
if [[ ${#skipped[@]} -gt 0 ]]; then
  log "kubernetes $K: not served, left unmapped: ${skipped[*]}"
fi

# 3. Require the commands' packages so the wrapper's go.mod lists every
#    module they import.
pkgs=()
for c in "${CMDS[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
run_step "kubernetes $K: go get (module downloads)" "$logfile" \
  go get "k8s.io/kubernetes@v$K" "${pkgs[@]/%/@v$K}"

# 4. Build all four at once: they share most packages, and go build already
#    uses every core. The ldflags are the ones hack/lib/version.sh sets, so
#    --version prints the real release instead of v0.0.0-master.
ld="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ld+=" -X $p.gitVersion=v$K -X $p.gitMajor=1 -X $p.gitMinor=$MINOR"
  ld+=" -X $p.gitTreeState=clean -X $p.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
done
mkdir -p "$LAB_BIN_K8S"
run_step "kubernetes $K: go build ${CMDS[*]}" "$logfile" \
  go build -trimpath -ldflags "$ld" -o "$LAB_BIN_K8S/" "${pkgs[@]}"

verify || { log "kubernetes $K: a built binary fails its check"; exit 1; }
mark_current "$LAB_BIN_K8S" "$stamp"
record_time "k8s-$K" $((SECONDS - start))
log "kubernetes $K: ready in $((SECONDS - start))s in $LAB_BIN_K8S"
