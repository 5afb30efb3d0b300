# shellcheck shell=bash
# Helpers shared by lab/cluster/*.sh. Sourced, not executed.
#
# Everything a run needs or produces lives in one folder, $LAB_DIR:
#   env, env.json     what tests read (see lab/README.md)
#   kubeconfig        admin kubeconfig (static token)
#   pki/              CA, apiserver serving cert, SA signing key, tokens.csv, the EKS
#                     webhook's cert and kubeconfig, the backend's client certificate
#   kubeconfig-exec, kubeconfig-cert   the backend's kubeconfigs (exec plugin, client cert)
#   tokens/           the backend's ServiceAccount tokens (reader, reader-no-secrets)
#   eks-identities.json  IAM role ARN -> Kubernetes user, read by eks-token-webhook.py
#   pids/NAME.pid     one per component this lab started
#   logs/NAME.log     one per component
#   etcd/             etcd data (wiped by every up.sh)
#   kwok.yaml         kwok stages

LAB_CLUSTER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../versions.sh
. "$LAB_CLUSTER_DIR/../versions.sh"

: "${LAB_DIR:=$LAB_CACHE/run}"
# Upper bound, in seconds, for each component to become ready.
: "${LAB_TIMEOUT:=120}"
# Seconds between the first and second TERM, and between that and KILL,
# when stopping a component.
: "${LAB_TERM_GRACE:=2}"
: "${LAB_STOP_TIMEOUT:=15}"
# How often ESO re-checks stores; short so tests see store changes quickly.
: "${LAB_STORE_REQUEUE:=10s}"
: "${LAB_NODE_NAME:=lab-node}"
: "${LAB_AWS_REGION:=us-east-1}"
export LAB_DIR

KUBECTL="$LAB_BIN_K8S/kubectl"
ENV_FILE="$LAB_DIR/env"
# Start order; stop order is the reverse. Used by the scripts sourcing this.
# shellcheck disable=SC2034
COMPONENTS=(moto vault eks-token-webhook etcd kube-apiserver kube-controller-manager kube-scheduler kwok external-secrets)

log() { printf '[lab %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# k ARGS...: the lab's kubectl with its kubeconfig (LAB_KUBECONFIG: up.sh or load_env). Each
# request is bounded, so a hung API server fails a call instead of stalling a wait loop.
k() { "$KUBECTL" --kubeconfig "$LAB_KUBECONFIG" --request-timeout "${LAB_REQUEST_TIMEOUT:-30s}" "$@"; }

pid_file() { echo "$LAB_DIR/pids/$1.pid"; }
log_file() { echo "$LAB_DIR/logs/$1.log"; }

# alive PID: true while PID exists and is not a zombie. Exited daemons are
# reparented to PID 1, which may reap them only seconds later; kill -0
# alone would count such a zombie as still running.
alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)"
  [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

# is_running NAME: true when NAME's pid file names a live process that is
# still the program we started (guards against a recycled pid).
is_running() {
  local f pid exe
  f="$(pid_file "$1")"
  [[ -s "$f" ]] || return 1
  read -r pid exe <"$f" || true
  [[ -n "${pid:-}" ]] && alive "$pid" || return 1
  [[ -z "${exe:-}" ]] && return 0
  local cmdline
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *"$exe"* ]]
}

# start_bg NAME CMD...: starts CMD detached in its own session (so it
# outlives the calling shell or a test runner's child process) with its
# output appended to logs/NAME.log, and records its pid. setsid does not
# fork here (a background child of a non-interactive shell is no group
# leader), so $! is the program itself and also its process-group id.
start_bg() {
  local name="$1"; shift
  is_running "$name" && die "$name is already running (pid $(cut -d' ' -f1 "$(pid_file "$name")"))"
  mkdir -p "$LAB_DIR/pids" "$LAB_DIR/logs"
  printf '\n=== %s start %s\n' "$name" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$(log_file "$name")"
  setsid "$@" </dev/null >>"$(log_file "$name")" 2>&1 &
  echo "$! $(basename "$1")" >"$(pid_file "$name")"
}

# signal_group SIG PID: signals the process group PID leads (falls back to
# the process alone).
signal_group() { kill "-$1" -- "-$2" 2>/dev/null || kill "-$1" "$2" 2>/dev/null || true; }

# wait_gone PID SECONDS: true once PID has exited, false after SECONDS.
wait_gone() {
  local deadline=$((SECONDS + $2))
  while alive "$1"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# stop_component NAME: TERM its process group; TERM again after
# LAB_TERM_GRACE seconds (the Kubernetes components stop listening at once
# on the first signal but can take 15 s+ to drain; a second one makes them
# exit at once); KILL after LAB_STOP_TIMEOUT more. Fails if it is still alive.
stop_component() {
  local name="$1" f pid
  f="$(pid_file "$name")"
  [[ -s "$f" ]] || return 0
  if is_running "$name"; then
    read -r pid _ <"$f"
    log "stopping $name (pid $pid)"
    signal_group TERM "$pid"
    if ! wait_gone "$pid" "$LAB_TERM_GRACE"; then
      signal_group TERM "$pid"
      wait_gone "$pid" "$LAB_STOP_TIMEOUT" || true
    fi
    if alive "$pid"; then
      log "$name did not stop in ${LAB_STOP_TIMEOUT}s, sending KILL"
      signal_group KILL "$pid"
      # The pid file stays for a survivor, so down.sh reports it and a rerun can try again.
      wait_gone "$pid" 5 || { log "$name (pid $pid) survived KILL"; return 1; }
    fi
  fi
  rm -f "$f"
}

# wait_for NAME DESCRIPTION CMD...: polls CMD every 0.5 s until it succeeds,
# the component dies, or LAB_TIMEOUT passes; on failure prints the log tail.
wait_for() {
  local name="$1" what="$2"; shift 2
  local start=$SECONDS
  while ! "$@" >/dev/null 2>&1; do
    if ! is_running "$name"; then
      log "$name exited while waiting for $what; last lines of $(log_file "$name"):"
      tail -n 30 "$(log_file "$name")" >&2
      return 1
    fi
    if ((SECONDS - start >= LAB_TIMEOUT)); then
      log "$name: $what not reached within ${LAB_TIMEOUT}s; last lines of $(log_file "$name"):"
      tail -n 30 "$(log_file "$name")" >&2
      return 1
    fi
    sleep 0.5
  done
  log "$name: $what after $((SECONDS - start))s"
}

# free_ports N [PAIRS]: prints N distinct free TCP ports on 127.0.0.1, then
# PAIRS more whose next port is free too (Vault's dev server also listens on
# its port + 1, for cluster traffic). All sockets are held open together so
# the kernel cannot hand out one port twice.
free_ports() {
  python3 - "$1" "${2:-0}" <<'PY'
import socket, sys
held, ports = [], []
def bind(port):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        s.close()
        return None
    held.append(s)
    return s
for _ in range(int(sys.argv[1])):
    ports.append(bind(0).getsockname()[1])
for _ in range(int(sys.argv[2])):
    for _ in range(100):
        port = bind(0).getsockname()[1]
        if port < 65535 and bind(port + 1):
            ports.append(port)
            break
    else:
        sys.exit("no two consecutive free ports on 127.0.0.1")
print(" ".join(str(p) for p in ports))
for s in held:
    s.close()
PY
}

# load_env: reads $LAB_DIR/env (written by up.sh) into this shell.
load_env() {
  [[ -s "$ENV_FILE" ]] || die "no $ENV_FILE: run lab/cluster/up.sh first"
  # shellcheck source=/dev/null
  . "$ENV_FILE"
}

# ---- probes -------------------------------------------------------------

# Each probe captures the answer first and then matches it: a reader that exits early
# (grep -q) would kill curl with SIGPIPE under pipefail and turn a healthy answer into a
# failure.
etcd_healthy() {
  local body
  body="$(curl -fsS --max-time 2 "http://127.0.0.1:$LAB_ETCD_PORT/health")" &&
    [[ "$body" == *'"health":"true"'* ]]
}

apiserver_ready() {
  local body
  body="$(curl -fsS --max-time 3 --cacert "$LAB_CA_FILE" -H "Authorization: Bearer $LAB_TOKEN" \
    "$LAB_API_SERVER/readyz")" && [[ "$body" == ok ]]
}

# Controller-manager and scheduler serve /healthz on their secure port with
# a self-signed certificate; /healthz is on their always-allowed path list.
https_healthz() {
  local body
  body="$(curl -fsSk --max-time 2 "https://127.0.0.1:$1/healthz")" && [[ "$body" == ok ]]
}

node_ready() {
  [[ "$(k get node "$LAB_NODE_NAME" \
    -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" == True ]]
}

moto_ready() { curl -fsS --max-time 2 -o /dev/null "$LAB_MOTO_ENDPOINT/moto-api/"; }

eso_ready() { curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$LAB_ESO_LIVE_PORT/healthz"; }

# 200 only when Vault is initialised, unsealed and active (curl -f fails on 429/501/503).
vault_ready() { curl -fsS --max-time 2 -o /dev/null "$LAB_VAULT_ADDR/v1/sys/health"; }

# ---- components ---------------------------------------------------------

start_etcd() {
  start_bg etcd "$LAB_BIN_ETCD/etcd" \
    --name lab \
    --data-dir "$LAB_DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$LAB_ETCD_PORT" \
    --advertise-client-urls "http://127.0.0.1:$LAB_ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$LAB_ETCD_PEER_PORT" \
    --initial-advertise-peer-urls "http://127.0.0.1:$LAB_ETCD_PEER_PORT" \
    --initial-cluster "lab=http://127.0.0.1:$LAB_ETCD_PEER_PORT" \
    --unsafe-no-fsync \
    --log-level warn
  wait_for etcd "healthy" etcd_healthy
}

# Flags: loopback only (--advertise-address avoids picking a network
# interface); static tokens, client certificates, ServiceAccount tokens and
# EKS tokens (through the webhook) for auth; Node and RBAC authorization, as
# a real cluster has, so the backend gets exactly what its roles grant; no
# endpoint reconciler (it would publish 127.0.0.1 as the "kubernetes" Service
# endpoint, which validation rejects as loopback).
start_apiserver() {
  local pki="$LAB_DIR/pki"
  start_bg kube-apiserver "$LAB_BIN_K8S/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$LAB_ETCD_PORT" \
    --bind-address 127.0.0.1 \
    --advertise-address 127.0.0.1 \
    --secure-port "$LAB_API_PORT" \
    --cert-dir "$pki" \
    --tls-cert-file "$pki/apiserver.crt" \
    --tls-private-key-file "$pki/apiserver.key" \
    --client-ca-file "$pki/ca.crt" \
    --token-auth-file "$pki/tokens.csv" \
    --authentication-token-webhook-config-file "$pki/eks-webhook.kubeconfig" \
    --authentication-token-webhook-version v1 \
    --authentication-token-webhook-cache-ttl 10s \
    --authorization-mode Node,RBAC \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$pki/sa.key" \
    --service-account-signing-key-file "$pki/sa.key" \
    --service-cluster-ip-range 10.0.0.0/24 \
    --endpoint-reconciler-type none \
    --allow-privileged=true \
    --profiling=false
  wait_for kube-apiserver "/readyz ok" apiserver_ready
}

# Needed for Deployments -> ReplicaSets -> Pods, rollout restart, garbage
# collection, namespace deletion and default ServiceAccounts.
start_controller_manager() {
  local kc="$LAB_KUBECONFIG"
  start_bg kube-controller-manager "$LAB_BIN_K8S/kube-controller-manager" \
    --kubeconfig "$kc" \
    --authentication-kubeconfig "$kc" \
    --authorization-kubeconfig "$kc" \
    --bind-address 127.0.0.1 \
    --secure-port "$LAB_KCM_PORT" \
    --cert-dir "$LAB_DIR/pki/kube-controller-manager" \
    --leader-elect=false \
    --service-account-private-key-file "$LAB_DIR/pki/sa.key" \
    --root-ca-file "$LAB_DIR/pki/ca.crt" \
    --cluster-name lab \
    --controllers '*' \
    --profiling=false
  wait_for kube-controller-manager "/healthz ok" https_healthz "$LAB_KCM_PORT"
}

start_scheduler() {
  local kc="$LAB_KUBECONFIG"
  start_bg kube-scheduler "$LAB_BIN_K8S/kube-scheduler" \
    --kubeconfig "$kc" \
    --authentication-kubeconfig "$kc" \
    --authorization-kubeconfig "$kc" \
    --bind-address 127.0.0.1 \
    --secure-port "$LAB_SCHEDULER_PORT" \
    --cert-dir "$LAB_DIR/pki/kube-scheduler" \
    --leader-elect=false \
    --profiling=false
  wait_for kube-scheduler "/healthz ok" https_healthz "$LAB_SCHEDULER_PORT"
}

# kwok plays the kubelet for the one fake node: it keeps the node Ready
# (with a lease, which the node-lifecycle controller checks) and moves pods
# the scheduler bound to it to Running with a real startedAt.
start_kwok() {
  cp "$LAB_BIN_KWOK/stages.yaml" "$LAB_DIR/kwok.yaml"
  start_bg kwok "$LAB_BIN_KWOK/kwok" \
    --kubeconfig "$LAB_KUBECONFIG" \
    --config "$LAB_DIR/kwok.yaml" \
    --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --node-ip 127.0.0.1 \
    --cidr 10.1.0.0/16
  k apply --server-side --field-manager lab -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $LAB_NODE_NAME
  annotations:
    kwok.x-k8s.io/node: fake
  labels:
    kubernetes.io/hostname: $LAB_NODE_NAME
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
EOF
  wait_for kwok "node $LAB_NODE_NAME Ready" node_ready
}

# The EKS token authenticator the API server asks about tokens it does not know
# (eks-token-webhook.py: presigned STS request checked, then asked of moto).
eks_webhook_ready() {
  local body
  body="$(curl -fsS --max-time 2 --cacert "$LAB_CA_FILE" "https://127.0.0.1:$LAB_EKS_WEBHOOK_PORT/healthz")" &&
    [[ "$body" == ok ]]
}
start_eks_token_webhook() {
  start_bg eks-token-webhook "$MOTO_VENV/bin/python" "$LAB_CLUSTER_DIR/eks-token-webhook.py" \
    --port "$LAB_EKS_WEBHOOK_PORT" \
    --cert "$LAB_DIR/pki/eks-webhook.crt" --key "$LAB_DIR/pki/eks-webhook.key" \
    --moto "$LAB_MOTO_ENDPOINT" --cluster-id "$LAB_EKS_CLUSTER_ID" \
    --identities "$LAB_DIR/eks-identities.json"
  wait_for eks-token-webhook "/healthz ok" eks_webhook_ready
}

# The backend's identities: the lab's bindings to the roles of examples/rbac, and a token for
# each ServiceAccount (TokenRequest through kubectl, valid a day).
install_backend_rbac() {
  k apply -f "$LAB_REPO_ROOT/examples/rbac/clusterroles.yaml" -f "$LAB_CLUSTER_DIR/rbac-lab.yaml" \
    >"$(log_file rbac)" 2>&1 || { tail -n 20 "$(log_file rbac)" >&2; die "applying the backend's RBAC failed"; }
  mkdir -p "$LAB_DIR/tokens"
  local sa
  for sa in reader reader-no-secrets; do
    k -n eso-health create token "$sa" --duration 24h >"$LAB_DIR/tokens/$sa.token" 2>>"$(log_file rbac)" ||
      { tail -n 20 "$(log_file rbac)" >&2; die "no token for ServiceAccount eso-health/$sa"; }
  done
  log "backend identities: ClusterRoles of examples/rbac bound; tokens in $LAB_DIR/tokens"
}

start_moto() {
  # MOTO_PORT is read by moto_server too; pass both for clarity.
  MOTO_PORT="$LAB_MOTO_PORT" start_bg moto "$MOTO_VENV/bin/moto_server" -H 127.0.0.1 -p "$LAB_MOTO_PORT"
  wait_for moto "HTTP up" moto_ready
}

# ---- Vault --------------------------------------------------------------

# The backend's policy: key names, versions and dates (metadata), never a value.
VAULT_METADATA_POLICY='path "secret/metadata/*" { capabilities = ["read", "list"] }
path "secret/data/*"     { capabilities = ["deny"] }'
# ESO's policy: it reads the values it syncs.
VAULT_ESO_POLICY='path "secret/data/*" { capabilities = ["read"] }'

# vault_api METHOD PATH [JSON]: one call to the lab's Vault with the root token; prints the answer
# (on failure too: Vault's error bodies hold messages only).
vault_api() {
  local args=(-sS --fail-with-body --max-time 10 -X "$1" -H "X-Vault-Token: $LAB_VAULT_ROOT_TOKEN")
  if [[ $# -ge 3 ]]; then args+=(-H 'Content-Type: application/json' --data-binary "$3"); fi
  curl "${args[@]}" "$LAB_VAULT_ADDR/v1/$2"
}

# vault_setup NAME POLICY_HCL TOKEN: writes ACL policy NAME and creates TOKEN (an id chosen by
# up.sh, so the env file can be written before Vault starts) with that policy and Vault's
# `default` one (lookup-self, which ESO's store check calls; nothing on secret engines).
vault_setup() {
  local name="$1" hcl="$2" token="$3" body out
  body="$(python3 -c 'import json, sys; print(json.dumps({"policy": sys.argv[1]}))' "$hcl")"
  out="$(vault_api PUT "sys/policies/acl/$name" "$body")" || die "vault: writing policy $name failed: $out"
  body="$(python3 -c 'import json, sys; print(json.dumps({"id": sys.argv[1], "policies": [sys.argv[2]], "display_name": sys.argv[2], "ttl": "768h"}))' "$token" "$name")"
  # The answer holds the token: it is checked, never printed.
  out="$(vault_api POST auth/token/create "$body")" || die "vault: creating the $name token failed: ${out//$token/<token>}"
}

# Vault in dev mode: in memory, unsealed, KV v2 mounted at secret/, loopback only. The root
# token comes from the environment (not the command line, which any local user can read).
start_vault() {
  VAULT_DEV_ROOT_TOKEN_ID="$LAB_VAULT_ROOT_TOKEN" VAULT_API_ADDR="$LAB_VAULT_ADDR" \
    start_bg vault "$LAB_BIN_VAULT/vault" server -dev \
    "-dev-listen-address=127.0.0.1:$LAB_VAULT_PORT" \
    -dev-no-store-token
  wait_for vault "/v1/sys/health 200" vault_ready
  vault_setup eso-health-metadata "$VAULT_METADATA_POLICY" "$LAB_VAULT_METADATA_TOKEN"
  vault_setup eso-lab-reader "$VAULT_ESO_POLICY" "$LAB_VAULT_ESO_TOKEN"
  log "vault: policies eso-health-metadata and eso-lab-reader, a token for each"
}

install_crds() {
  local start=$SECONDS
  # Server-side apply: client-side apply stores the whole object in an
  # annotation, which is too large for the SecretStore CRDs.
  k apply --server-side --field-manager lab -f "$LAB_BIN_ESO/crds.yaml" >"$(log_file crds)" 2>&1 ||
    { tail -n 20 "$(log_file crds)" >&2; die "installing ESO CRDs failed"; }
  # kubectl wait watches: bounded by its own --timeout, not by a request timeout.
  "$KUBECTL" --kubeconfig "$LAB_KUBECONFIG" wait --for condition=Established --timeout "${LAB_TIMEOUT}s" crd --all >>"$(log_file crds)" 2>&1 ||
    { tail -n 20 "$(log_file crds)" >&2; die "ESO CRDs not Established"; }
  log "ESO CRDs: $(grep -c ' serverside-applied' "$(log_file crds)") applied and Established after $((SECONDS - start))s"
}

# ESO runs outside the cluster: KUBECONFIG (it has no --kubeconfig flag),
# all AWS endpoints pointed at moto, and no instance-metadata lookups (they
# would leave the machine). Stores carry credentials via secretRef; the
# shared config/credential files are pointed at nothing so a developer's
# own ~/.aws never leaks in.
start_eso() {
  KUBECONFIG="$LAB_KUBECONFIG" \
    AWS_SECRETSMANAGER_ENDPOINT="$LAB_MOTO_ENDPOINT" \
    AWS_SSM_ENDPOINT="$LAB_MOTO_ENDPOINT" \
    AWS_STS_ENDPOINT="$LAB_MOTO_ENDPOINT" \
    AWS_REGION="$LAB_AWS_REGION" \
    AWS_EC2_METADATA_DISABLED=true \
    AWS_CONFIG_FILE="$LAB_DIR/no-aws-config" \
    AWS_SHARED_CREDENTIALS_FILE="$LAB_DIR/no-aws-credentials" \
    start_bg external-secrets "$LAB_BIN_ESO/external-secrets" \
    --metrics-addr=0 \
    --live-addr "127.0.0.1:$LAB_ESO_LIVE_PORT" \
    --store-requeue-interval "$LAB_STORE_REQUEUE" \
    --enable-leader-election=false \
    --loglevel info
  wait_for external-secrets "/healthz ok" eso_ready
}
