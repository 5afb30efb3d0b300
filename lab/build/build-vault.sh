#!/usr/bin/env bash
# Builds the HashiCorp Vault server (for the Vault KV v2 provider: the lab, the
# test harness's startVault and the collector tests run `vault server -dev`)
# from the Go module proxy.
#
# Licence: Vault is BUSL-1.1. The binary is built locally for tests and the
# lab only, stays in $LAB_CACHE, and is never redistributed or committed.
#
# Why not a wrapper module as for the other components: github.com/hashicorp/vault
# has its main package at the module root and a go.mod with five LOCAL replaces
# (api, api/auth/approle, api/auth/kubernetes, api/auth/userpass, sdk => ./…).
# A wrapper module ignores a dependency's replaces, so Vault then resolves to the
# sdk version its go.mod requires; and the sdk versions the in-tree code matches
# (v0.20.1–v0.20.3) are not served by the proxy. The replaces cannot be kept
# either: their target folders are separate modules, not in the module zip.
# So the module's own tree is copied out and built in place, with those five
# replaces dropped (the others are kept). The published submodules then
# selected (api v1.22.0, sdk v0.21.0) differ from the in-tree ones by three
# signatures, patched below: sdk v0.21.0's ActivationFunc takes a third
# (string) argument, and its keysutil RestorePolicy returns only an error. The
# patched code is only compiled for `vault server -dev` in tests; the transit
# restore path (whose restored key name becomes the requested one) is not used.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MOD=github.com/hashicorp/vault
bin="$LAB_BIN_VAULT/vault"
stamp="$(build_stamp "${BASH_SOURCE[0]}" "$(go_pin)" "VAULT_VERSION=$VAULT_VERSION")"

# The post-build check, run after a build and on every cached build alike.
verify() {
  local version
  version="$("$bin" version 2>&1)" || return 1
  log "vault $VAULT_VERSION: $(first_line "$version")"
  [[ "$version" == "Vault v$VAULT_VERSION"* ]]
}
if is_current "$LAB_BIN_VAULT" "$stamp" && verify; then
  log "vault $VAULT_VERSION: cached build at $bin is current, skipping"
  exit 0
fi

# patch_once FILE OLD NEW: replaces OLD by NEW in FILE, and fails unless OLD
# occurs exactly once (an upstream change must stop the build, not slip by).
patch_once() {
  python3 - "$@" <<'PY'
import sys
path, old, new = sys.argv[1:4]
with open(path) as f:
    text = f.read()
count = text.count(old)
if count != 1:
    sys.exit(f"patch of {path}: expected exactly 1 match, found {count}: {old}")
with open(path, "w") as f:
    f.write(text.replace(old, new))
print(f"patched {path}")
PY
}

# local_replaces: prints, one a line, the module paths whose replace in ./go.mod
# points at a folder (./… or ../…) that is not in the tree.
local_replaces() {
  go mod edit -json | python3 -c '
import json, os, sys
for r in json.load(sys.stdin).get("Replace") or []:
    new = r["New"]["Path"]
    if new.startswith(("./", "../")) and not os.path.isdir(new):
        print(r["Old"]["Path"])'
}

start=$SECONDS
work="$LAB_WORK/vault-$VAULT_VERSION"
logfile="$LAB_LOGS/build-vault-$VAULT_VERSION.log"
: >"$logfile"
# The scratch module only hosts `go mod download` (which needs no go.mod, but
# GOFLAGS=-mod=mod is refused outside a module).
new_wrapper "$work" lab.local/vaultdownload
cd "$work"
run_step "vault $VAULT_VERSION: download module" "$logfile" \
  sh -c "go mod download -json '$MOD@v$VAULT_VERSION' >download.json"
dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' download.json)"
[[ -s "$dir/go.mod" ]] || { log "vault: no go.mod in '$dir'"; exit 1; }
cp -R "$dir" "$work/src"
chmod -R u+w "$work/src"
cd "$work/src"

replaces="$(local_replaces)"
[[ -n "$replaces" ]] || { log "vault $VAULT_VERSION: no local replace to drop; the recipe no longer fits"; exit 1; }
while read -r path; do
  echo "dropping local replace: $path" >>"$logfile"
  log "vault $VAULT_VERSION: dropping local replace $path"
  go mod edit -dropreplace="$path"
done <<<"$replaces"

{
  patch_once vault/identity_store_util.go \
    'func (i *IdentityStore) activateDeduplication(ctx context.Context, req *logical.Request) error {' \
    'func (i *IdentityStore) activateDeduplication(ctx context.Context, req *logical.Request, _ string) error {'
  patch_once vault/logical_system_activation_flags.go \
    'b.idStoreBackend.ActivationFunc(ctx, nil)' \
    'b.idStoreBackend.ActivationFunc(ctx, nil, "")'
  patch_once builtin/logical/transit/path_restore.go \
    'restoredKeyName, err := b.lm.RestorePolicy(ctx, req.Storage, keyName, backupB64, force)' \
    'restoredKeyName, err := keyName, b.lm.RestorePolicy(ctx, req.Storage, keyName, backupB64, force)'
} >>"$logfile" 2>&1 || { tail -n 5 "$logfile" >&2; log "vault $VAULT_VERSION: a source patch no longer applies"; exit 1; }
log "vault $VAULT_VERSION: 3 source patches applied"

mkdir -p "$LAB_BIN_VAULT"
run_step "vault $VAULT_VERSION: go build" "$logfile" \
  go build -trimpath -ldflags "-s -w" -o "$bin" .
verify || { log "vault $VAULT_VERSION: the built binary fails its check"; exit 1; }
mark_current "$LAB_BIN_VAULT" "$stamp"
record_time "vault-$VAULT_VERSION" $((SECONDS - start))
log "vault $VAULT_VERSION: ready in $((SECONDS - start))s at $bin"
