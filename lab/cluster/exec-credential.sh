#!/usr/bin/env bash
# A kubeconfig exec credential plugin for the lab (like `aws eks get-token`, `kubelogin` or
# `gke-gcloud-auth-plugin` elsewhere): prints an ExecCredential holding the token in the file it
# is given, valid for ten minutes, so the client asks again after that.
#   exec-credential.sh TOKEN_FILE
set -euo pipefail
token="$(<"$1")"
expires="$(date -u -d '+10 minutes' +%Y-%m-%dT%H:%M:%SZ)"
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\n' \
  "$token" "$expires"
