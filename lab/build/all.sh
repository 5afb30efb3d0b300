#!/usr/bin/env bash
# Builds every lab component, one after the other: each go build already
# uses every core, so running them in parallel only adds memory pressure.
# Each step is skipped when its binary is already built and answers.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

start=$SECONDS
"$here/build-etcd.sh"
"$here/build-k8s.sh"
"$here/build-kwok.sh"
"$here/build-eso.sh"
"$here/build-vault.sh"
"$here/install-moto.sh"
log "all components ready in $((SECONDS - start))s (cache: $LAB_CACHE)"
