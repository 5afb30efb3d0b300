#!/usr/bin/env bash
# Checks a running lab end to end, with the lab's own kubectl and moto:
#  1. a secret created in moto is synced by ESO through a ClusterSecretStore
#     into a Kubernetes Secret (ExternalSecret Ready=True, the Secret's
#     managedFields name ESO's field manager);
#  2. a Deployment gets a ReplicaSet and a Running pod with a real startedAt;
#  3. `kubectl rollout restart` replaces the pod.
# Uses its own namespace and ClusterSecretStore and deletes them at the end.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_env

ns="lab-smoke-$$"
store="lab-smoke-$$"
ok() { log "OK: $*"; }

cleanup() {
  k delete clustersecretstore "$store" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  k delete namespace "$ns" --ignore-not-found --wait=false >/dev/null 2>&1 || true
}
trap cleanup EXIT

# until_true SECONDS DESCRIPTION CMD...: bounded poll.
until_true() {
  local limit="$1" what="$2"; shift 2
  local start=$SECONDS
  until "$@" >/dev/null 2>&1; do
    ((SECONDS - start < limit)) || die "timed out after ${limit}s waiting for $what"
    sleep 1
  done
  ok "$what ($((SECONDS - start))s)"
}

# ---- 1. ESO syncs a moto secret ---------------------------------------------
"$MOTO_VENV/bin/python" - "$LAB_MOTO_ENDPOINT" "$LAB_AWS_REGION" "lab/smoke/$$" <<'PY'
import sys, boto3
endpoint, region, name = sys.argv[1:4]
sm = boto3.client("secretsmanager", endpoint_url=endpoint, region_name=region,
                  aws_access_key_id="lab-access-key", aws_secret_access_key="lab-secret-key")
sm.create_secret(Name=name, SecretString='{"username":"lab","password":"s3cret"}')
PY
ok "secret lab/smoke/$$ created in moto"

k create namespace "$ns" >/dev/null
k apply --server-side --field-manager lab-smoke -f - >/dev/null <<EOF
apiVersion: v1
kind: Secret
metadata: {name: aws-credentials, namespace: $ns}
stringData:
  access-key-id: $LAB_AWS_ACCESS_KEY_ID
  secret-access-key: $LAB_AWS_SECRET_ACCESS_KEY
---
apiVersion: external-secrets.io/v1
kind: ClusterSecretStore
metadata: {name: $store}
spec:
  provider:
    aws:
      service: SecretsManager
      region: $LAB_AWS_REGION
      auth:
        secretRef:
          accessKeyIDSecretRef: {name: aws-credentials, namespace: $ns, key: access-key-id}
          secretAccessKeySecretRef: {name: aws-credentials, namespace: $ns, key: secret-access-key}
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: app-credentials, namespace: $ns}
spec:
  refreshInterval: 10s
  secretStoreRef: {kind: ClusterSecretStore, name: $store}
  target: {name: app-credentials}
  data:
  - secretKey: password
    remoteRef: {key: lab/smoke/$$, property: password}
EOF

store_ready() {
  [[ "$(k get clustersecretstore "$store" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" == True ]]
}
es_ready() {
  [[ "$(k -n "$ns" get externalsecret app-credentials -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" == True ]]
}
until_true 60 "ClusterSecretStore Ready=True" store_ready
until_true 60 "ExternalSecret Ready=True" es_ready
value="$(k -n "$ns" get secret app-credentials -o jsonpath='{.data.password}' | base64 -d)"
[[ "$value" == s3cret ]] || die "synced Secret holds '$value', expected 's3cret'"
ok "Secret app-credentials holds the moto value"
managers="$(k -n "$ns" get secret app-credentials --show-managed-fields -o jsonpath='{.metadata.managedFields[*].manager}')"
[[ "$managers" == *"externalsecrets.external-secrets.io/app-credentials"* ]] ||
  die "Secret managedFields managers are '$managers'"
ok "Secret managedFields manager: $managers"

# ---- 2. Deployment -> ReplicaSet -> Running pod with startedAt ---------------
k -n "$ns" create deployment web --image=registry.invalid/lab/web:1 >/dev/null
pod_running() {
  local out
  out="$(k -n "$ns" get pods -l app=web --field-selector status.phase=Running \
    -o jsonpath='{range .items[*]}{.metadata.name} {.status.containerStatuses[0].state.running.startedAt} {.status.containerStatuses[0].ready}{"\n"}{end}')"
  [[ -n "$out" ]] && ! grep -qv ' true$' <<<"$out" && [[ $(wc -l <<<"$out") -ge 1 ]]
}
until_true 60 "Deployment web has a Running, ready pod" pod_running
rs="$(k -n "$ns" get rs -l app=web -o jsonpath='{.items[*].metadata.name}')"
[[ -n "$rs" ]] || die "no ReplicaSet for Deployment web"
ok "ReplicaSet: $rs"
first="$(k -n "$ns" get pods -l app=web -o jsonpath='{.items[0].metadata.name} {.items[0].spec.nodeName} {.items[0].status.containerStatuses[0].state.running.startedAt}')"
ok "pod (name node startedAt): $first"

# ---- 3. rollout restart replaces the pod --------------------------------
old_pod="${first%% *}"
k -n "$ns" rollout restart deployment/web >/dev/null
k -n "$ns" rollout status deployment/web --timeout=60s >/dev/null
replaced() {
  local names
  names="$(k -n "$ns" get pods -l app=web -o jsonpath='{.items[*].metadata.name}')"
  [[ -n "$names" && " $names " != *" $old_pod "* ]] && pod_running
}
until_true 60 "rollout restart replaced pod $old_pod" replaced
ok "new pod: $(k -n "$ns" get pods -l app=web -o jsonpath='{.items[0].metadata.name} {.items[0].status.containerStatuses[0].state.running.startedAt}')"
ok "ReplicaSets now: $(k -n "$ns" get rs -l app=web -o jsonpath='{.items[*].metadata.name}')"
log "smoke test passed"
