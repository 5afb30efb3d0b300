#!/usr/bin/env bash
# Starts the lab: etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kwok (fake node + pod lifecycle), the ESO CRDs, moto, a
# Vault dev server and the ESO controller, all on 127.0.0.1, all state in
# $LAB_DIR.
#
#   lab/cluster/up.sh           start (a lab already up and healthy is kept)
#   lab/cluster/up.sh --fresh   stop whatever runs in $LAB_DIR and start anew
#
# Ports are free ones picked at start unless set: LAB_ETCD_PORT,
# LAB_ETCD_PEER_PORT, LAB_API_PORT, LAB_KCM_PORT, LAB_SCHEDULER_PORT,
# LAB_ESO_LIVE_PORT, LAB_MOTO_PORT, LAB_VAULT_PORT (Vault also takes the
# next port, for cluster traffic). Afterwards read $LAB_DIR/env.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

fresh=false
case "${1:-}" in
  "") ;;
  --fresh) fresh=true ;;
  *) die "usage: $0 [--fresh]" ;;
esac

any_running() {
  local c
  for c in "${COMPONENTS[@]}"; do is_running "$c" && return 0; done
  return 1
}
all_running() {
  local c
  for c in "${COMPONENTS[@]}"; do is_running "$c" || return 1; done
  return 0
}

# Idempotence: keep a healthy lab; clean up a half-running one.
if ! $fresh && all_running && [[ -s "$ENV_FILE" ]]; then
  load_env
  if apiserver_ready; then
    log "lab already up in $LAB_DIR (use --fresh to restart it); env: $ENV_FILE"
    exit 0
  fi
fi
if any_running; then
  log "stopping the components still running from a previous lab in $LAB_DIR"
  "$LAB_CLUSTER_DIR/down.sh"
fi

# Build (or just check) the binaries: each build step is skipped when its
# binary is already there and answers.
missing=false
for b in "$LAB_BIN_ETCD/etcd" "$LAB_BIN_K8S/kube-apiserver" "$LAB_BIN_K8S/kube-controller-manager" \
  "$LAB_BIN_K8S/kube-scheduler" "$LAB_BIN_K8S/kubectl" "$LAB_BIN_KWOK/kwok" \
  "$LAB_BIN_ESO/external-secrets" "$LAB_BIN_ESO/crds.yaml" "$LAB_BIN_VAULT/vault" "$MOTO_VENV/bin/moto_server"; do
  [[ -e "$b" ]] || { log "missing $b"; missing=true; }
done
if $missing; then
  log "building the missing components (lab/build/all.sh)"
  "$LAB_CLUSTER_DIR/../build/all.sh"
fi

started_at=$SECONDS
rm -rf "$LAB_DIR/etcd" "$LAB_DIR/logs" "$LAB_DIR/pids" "$LAB_DIR/pki" "$ENV_FILE" "$LAB_DIR/env.json"
mkdir -p "$LAB_DIR/logs" "$LAB_DIR/pids" "$LAB_DIR/pki"
chmod 700 "$LAB_DIR/pki"

# ---- ports --------------------------------------------------------------
read -r p1 p2 p3 p4 p5 p6 p7 p8 p9 < <(free_ports 8 1)
LAB_ETCD_PORT="${LAB_ETCD_PORT:-$p1}"
LAB_ETCD_PEER_PORT="${LAB_ETCD_PEER_PORT:-$p2}"
LAB_API_PORT="${LAB_API_PORT:-$p3}"
LAB_KCM_PORT="${LAB_KCM_PORT:-$p4}"
LAB_SCHEDULER_PORT="${LAB_SCHEDULER_PORT:-$p5}"
LAB_ESO_LIVE_PORT="${LAB_ESO_LIVE_PORT:-$p6}"
LAB_MOTO_PORT="${LAB_MOTO_PORT:-$p7}"
LAB_EKS_WEBHOOK_PORT="${LAB_EKS_WEBHOOK_PORT:-$p8}"
LAB_VAULT_PORT="${LAB_VAULT_PORT:-$p9}"

# ---- certificates and the static token ------------------------------------
pki="$LAB_DIR/pki"
LAB_TOKEN="$(openssl rand -hex 24)"
{
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 \
    -keyout "$pki/ca.key" -out "$pki/ca.crt" -subj /CN=eso-health-lab-ca \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
  openssl req -newkey rsa:2048 -nodes -sha256 \
    -keyout "$pki/apiserver.key" -out "$pki/apiserver.csr" -subj /CN=kube-apiserver
  # 10.0.0.1 is the "kubernetes" Service IP of --service-cluster-ip-range.
  printf '%s\n' \
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:10.0.0.1' \
    'keyUsage=critical,digitalSignature,keyEncipherment' \
    'extendedKeyUsage=serverAuth' >"$pki/apiserver.ext"
  openssl x509 -req -sha256 -days 30 -in "$pki/apiserver.csr" \
    -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -extfile "$pki/apiserver.ext" -out "$pki/apiserver.crt"
  # One RSA key both signs and verifies service-account tokens.
  openssl genrsa -out "$pki/sa.key" 2048
  # The EKS token webhook serves TLS on loopback with a certificate of the lab's CA.
  openssl req -newkey rsa:2048 -nodes -sha256 \
    -keyout "$pki/eks-webhook.key" -out "$pki/eks-webhook.csr" -subj /CN=eks-token-webhook
  printf '%s\n' 'subjectAltName=IP:127.0.0.1' 'extendedKeyUsage=serverAuth' >"$pki/eks-webhook.ext"
  openssl x509 -req -sha256 -days 30 -in "$pki/eks-webhook.csr" \
    -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -extfile "$pki/eks-webhook.ext" -out "$pki/eks-webhook.crt"
  # The backend's client certificate: CN is the user, each O a group (see rbac-lab.yaml).
  openssl req -newkey rsa:2048 -nodes -sha256 \
    -keyout "$pki/backend-client.key" -out "$pki/backend-client.csr" \
    -subj "/O=eso-health:readers/O=eso-health:secret-metadata/CN=eso-health-cert"
  printf '%s\n' 'extendedKeyUsage=clientAuth' >"$pki/backend-client.ext"
  openssl x509 -req -sha256 -days 30 -in "$pki/backend-client.csr" \
    -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -extfile "$pki/backend-client.ext" -out "$pki/backend-client.crt"
} >"$LAB_DIR/logs/pki.log" 2>&1 || { tail -n 20 "$LAB_DIR/logs/pki.log" >&2; die "certificate generation failed"; }
# token,user,uid,"groups": system:masters is cluster-admin under RBAC; eso-health-exec is the
# user of the backend's exec credential plugin.
LAB_EXEC_TOKEN="$(openssl rand -hex 24)"
{
  printf '%s,lab-admin,lab-admin,"system:masters"\n' "$LAB_TOKEN"
  printf '%s,eso-health-exec,eso-health-exec,"eso-health:readers,eso-health:secret-metadata"\n' "$LAB_EXEC_TOKEN"
} >"$pki/tokens.csv"
printf '%s' "$LAB_EXEC_TOKEN" >"$pki/exec.token"

# EKS: the cluster id tokens must name, and the IAM roles it maps. The backend assumes the
# mapped role; the unmapped one proves a clear authentication error.
LAB_AWS_ACCOUNT_ID=123456789012
LAB_EKS_CLUSTER_ID=lab
LAB_EKS_ROLE_ARN="arn:aws:iam::$LAB_AWS_ACCOUNT_ID:role/lab-eso-health-reader"
# shellcheck disable=SC2034 # read through ${!v} when the env file is written
LAB_EKS_UNMAPPED_ROLE_ARN="arn:aws:iam::$LAB_AWS_ACCOUNT_ID:role/lab-not-mapped"
cat >"$LAB_DIR/eks-identities.json" <<JSON
{"$LAB_EKS_ROLE_ARN": {"username": "eks:eso-health-reader", "groups": ["eso-health:readers", "eso-health:secret-metadata"]}}
JSON
cat >"$pki/eks-webhook.kubeconfig" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: eks-token-webhook
  cluster:
    server: https://127.0.0.1:$LAB_EKS_WEBHOOK_PORT/authenticate
    certificate-authority: $pki/ca.crt
users:
- name: kube-apiserver
  user: {}
contexts:
- name: webhook
  context: {cluster: eks-token-webhook, user: kube-apiserver}
current-context: webhook
YAML

LAB_API_SERVER="https://127.0.0.1:$LAB_API_PORT"
LAB_CA_FILE="$pki/ca.crt"
LAB_KUBECONFIG="$LAB_DIR/kubeconfig"
LAB_MOTO_ENDPOINT="http://127.0.0.1:$LAB_MOTO_PORT"
# Vault: dev server with a random root token; the backend's metadata-only token and ESO's
# reading token get ids chosen here and are created once Vault is up (start_vault).
LAB_VAULT_ADDR="http://127.0.0.1:$LAB_VAULT_PORT"
LAB_VAULT_ROOT_TOKEN="lab-root-$(openssl rand -hex 16)"
LAB_VAULT_METADATA_TOKEN="lab-metadata-$(openssl rand -hex 16)"
LAB_VAULT_ESO_TOKEN="lab-eso-$(openssl rand -hex 16)"
cat >"$LAB_KUBECONFIG" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: lab
  cluster:
    server: $LAB_API_SERVER
    certificate-authority: $LAB_CA_FILE
users:
- name: lab-admin
  user:
    token: $LAB_TOKEN
contexts:
- name: lab
  context: {cluster: lab, user: lab-admin, namespace: default}
current-context: lab
EOF
chmod 600 "$LAB_KUBECONFIG"

# The backend's own kubeconfigs (authProvider kubeconfig): one through an exec credential
# plugin, one with a client certificate signed by the lab's CA.
LAB_EXEC_KUBECONFIG="$LAB_DIR/kubeconfig-exec"
LAB_CERT_KUBECONFIG="$LAB_DIR/kubeconfig-cert"
# write_kubeconfig FILE CONTEXT USER USER_FIELDS: a kubeconfig of the lab's API server with one
# user (USER_FIELDS: the YAML under `user:`, indented four spaces) and its context.
write_kubeconfig() {
  cat >"$1" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: lab
  cluster: {server: $LAB_API_SERVER, certificate-authority: $LAB_CA_FILE}
users:
- name: $3
  user:
$4
contexts:
- name: $2
  context: {cluster: lab, user: $3}
current-context: $2
YAML
}
write_kubeconfig "$LAB_EXEC_KUBECONFIG" lab-exec exec-plugin "    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: $LAB_CLUSTER_DIR/exec-credential.sh
      args: [$pki/exec.token]
      interactiveMode: Never"
write_kubeconfig "$LAB_CERT_KUBECONFIG" lab-cert client-cert "    client-certificate: $pki/backend-client.crt
    client-key: $pki/backend-client.key"
chmod 600 "$LAB_EXEC_KUBECONFIG" "$LAB_CERT_KUBECONFIG"
# shellcheck disable=SC2034 # read through ${!v} when the env file is written
{
  LAB_READER_TOKEN_FILE="$LAB_DIR/tokens/reader.token"
  LAB_NO_SECRETS_TOKEN_FILE="$LAB_DIR/tokens/reader-no-secrets.token"
}

# ---- the env file tests read --------------------------------------------
# Plain KEY=value lines without quotes: `. env` in a shell, or split each
# line at the first "=" in any other language. env.json has the same keys.
env_vars=(
  LAB_DIR LAB_KUBECONFIG LAB_API_SERVER LAB_API_PORT LAB_TOKEN LAB_CA_FILE
  LAB_MOTO_ENDPOINT LAB_MOTO_PORT LAB_AWS_REGION LAB_AWS_ACCESS_KEY_ID LAB_AWS_SECRET_ACCESS_KEY
  LAB_ETCD_PORT LAB_ETCD_PEER_PORT LAB_KCM_PORT LAB_SCHEDULER_PORT LAB_ESO_LIVE_PORT
  LAB_NODE_NAME LAB_STORE_REQUEUE LAB_KUBECTL LAB_K8S_VERSION LAB_ETCD_VERSION LAB_ESO_VERSION
  LAB_KWOK_VERSION LAB_MOTO_VERSION LAB_CLUSTER_SCRIPTS
  LAB_EKS_WEBHOOK_PORT LAB_EKS_CLUSTER_ID LAB_EKS_ROLE_ARN LAB_EKS_UNMAPPED_ROLE_ARN LAB_AWS_ACCOUNT_ID
  LAB_EXEC_KUBECONFIG LAB_CERT_KUBECONFIG LAB_READER_TOKEN_FILE LAB_NO_SECRETS_TOKEN_FILE
  LAB_VAULT_ADDR LAB_VAULT_PORT LAB_VAULT_ROOT_TOKEN LAB_VAULT_METADATA_TOKEN LAB_VAULT_ESO_TOKEN
  LAB_VAULT_VERSION
)
# moto accepts any key pair; these are what the lab's stores should use.
# (The variables below are read through ${!v} when writing the env file.)
# shellcheck disable=SC2034
LAB_AWS_ACCESS_KEY_ID=lab-access-key
# shellcheck disable=SC2034
{
  LAB_AWS_SECRET_ACCESS_KEY=lab-secret-key
  LAB_KUBECTL="$KUBECTL"
  LAB_K8S_VERSION="$K8S_VERSION" LAB_ETCD_VERSION="$ETCD_VERSION" LAB_ESO_VERSION="$ESO_VERSION"
  LAB_KWOK_VERSION="$KWOK_VERSION" LAB_MOTO_VERSION="$MOTO_VERSION" LAB_VAULT_VERSION="$VAULT_VERSION"
  LAB_CLUSTER_SCRIPTS="$LAB_CLUSTER_DIR"
}
{
  echo "# Written by lab/cluster/up.sh at $(date -u +%Y-%m-%dT%H:%M:%SZ); read by the e2e tests."
  for v in "${env_vars[@]}"; do
    [[ "${!v}" =~ ^[^[:space:]\"\'\$\`\\]*$ ]] || die "value of $v has characters the env file cannot hold: ${!v}"
    echo "$v=${!v}"
  done
  echo "KUBECONFIG=$LAB_KUBECONFIG"
} >"$ENV_FILE.tmp"
python3 - "$ENV_FILE.tmp" >"$LAB_DIR/env.json.tmp" <<'PY'
import json, sys
pairs = {}
for line in open(sys.argv[1]):
    line = line.rstrip("\n")
    if line and not line.startswith("#"):
        k, v = line.split("=", 1)
        pairs[k] = v
json.dump(pairs, sys.stdout, indent=2)
print()
PY

# ---- start -----------------------------------------------------------------
# On any failure (a failed wait or a die) stop what was started, so a
# failed up leaves no process behind.
up_done=false
on_exit() {
  local rc=$?
  $up_done && return 0
  if [[ "${LAB_KEEP_ON_FAIL:-0}" == 1 ]]; then
    log "up failed (exit $rc); LAB_KEEP_ON_FAIL=1 so components are left running"
  else
    log "up failed (exit $rc); stopping what was started (set LAB_KEEP_ON_FAIL=1 to keep it)"
    "$LAB_CLUSTER_DIR/down.sh" || true
  fi
  exit "$rc"
}
trap on_exit EXIT

start_moto
start_vault
start_eks_token_webhook
start_etcd
start_apiserver
install_crds
start_controller_manager
install_backend_rbac
start_scheduler
start_kwok
start_eso

# Publish the env file last: its presence means "the lab is up".
mv "$LAB_DIR/env.json.tmp" "$LAB_DIR/env.json"
mv "$ENV_FILE.tmp" "$ENV_FILE"
up_done=true
log "lab up in $((SECONDS - started_at))s: API $LAB_API_SERVER, moto $LAB_MOTO_ENDPOINT, vault $LAB_VAULT_ADDR"
log "env: $ENV_FILE   kubectl: KUBECONFIG=$LAB_KUBECONFIG $KUBECTL get pods -A"
