# shellcheck shell=bash
# Pinned versions and cache locations shared by lab/build and lab/cluster.
# Sourced, not executed. Every value can be overridden from the environment.

: "${LAB_CACHE:=$HOME/.cache/eso-health-lab}"
: "${ETCD_VERSION:=3.6.16}"
: "${K8S_VERSION:=1.36.3}"
: "${ESO_VERSION:=0.20.4}"
# ESO's only replace directive at v0.20.4 (dependency replaces are ignored by Go,
# so the wrapper module has to repeat it).
: "${ESO_SPRIG_REPLACE:=github.com/external-secrets/sprig/v3@v3.3.0}"
: "${KWOK_VERSION:=0.8.0}"
: "${MOTO_VERSION:=5.2.5}"
# Vault (BUSL-1.1): built locally for tests and the lab, never redistributed.
: "${VAULT_VERSION:=1.21.4}"

# One folder per pinned version: a version bump builds into a new folder and
# never reuses a stale binary.
LAB_BIN_ETCD="$LAB_CACHE/bin/etcd-$ETCD_VERSION"
LAB_BIN_K8S="$LAB_CACHE/bin/k8s-$K8S_VERSION"
LAB_BIN_ESO="$LAB_CACHE/bin/eso-$ESO_VERSION"
LAB_BIN_KWOK="$LAB_CACHE/bin/kwok-$KWOK_VERSION"
LAB_BIN_VAULT="$LAB_CACHE/bin/vault-$VAULT_VERSION"

# moto lives in the project-local venv made by lab/build/install-moto.sh, which reads
# MOTO_VERSION and MOTO_VENV from here.
LAB_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${MOTO_VENV:=$LAB_REPO_ROOT/.tools/moto-venv}"

export LAB_CACHE ETCD_VERSION K8S_VERSION ESO_VERSION KWOK_VERSION MOTO_VERSION VAULT_VERSION
export LAB_BIN_ETCD LAB_BIN_K8S LAB_BIN_ESO LAB_BIN_KWOK LAB_BIN_VAULT LAB_REPO_ROOT MOTO_VENV
