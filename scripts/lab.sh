#!/usr/bin/env bash
# The lab for people (docs/lab.md): a real local control plane with ESO and moto (lab/cluster),
# seeded with the demo services (lab/seed), and the portal pointed at it (app-config.lab.yaml).
#
#   ./scripts/lab.sh                   install what is missing, start the lab, seed it and run the
#                                      portal in the foreground; Ctrl-C stops the portal and the lab
#   ./scripts/lab.sh rotate <service>  new value for the service's demo secret in moto (never
#                                      printed): checkout, payments-api or ledger
#   ./scripts/lab.sh kubectl <args>    the lab's kubectl with the lab's kubeconfig
#   ./scripts/lab.sh stop              stop the portal and the lab (e.g. after a closed terminal)
#
# LAB_SKIP_SETUP=1 skips scripts/setup.sh when the dependencies are known to be installed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# LAB_DIR (default ~/.cache/eso-health-lab/run), KUBECTL, k, MOTO_VENV, log/die, and the helpers
# that start and stop the lab's processes, reused here for the portal.
# shellcheck source=lab/cluster/lib.sh
. lab/cluster/lib.sh

SEED="$ROOT/lab/seed"
APP_URL=http://localhost:3000
BACKEND_URL=http://localhost:7007
CARD_URL="$APP_URL/catalog/default/component/checkout"

# The env file's values are exported: app-config.lab.yaml and moto_secrets.py read them. The
# AWS SDK's own settings send STS (the EKS token's role assumption) to moto.
lab_env() {
  [[ -s "$ENV_FILE" ]] || die "the lab is not running: start it with ./scripts/lab.sh"
  set -a
  load_env
  set +a
  export AWS_ENDPOINT_URL_STS="$LAB_MOTO_ENDPOINT" AWS_REGION="$LAB_AWS_REGION"
}
# Fills the ${LAB_…} placeholders of a seed file from the environment.
render() {
  python3 -c 'import os, re, sys
sys.stdout.write(re.sub(r"\$\{(LAB_[A-Z_]+)\}", lambda m: os.environ[m.group(1)], sys.stdin.read()))' <"$1"
}
# curl exits 7 when nothing listens.
port_taken() {
  local rc=0
  curl -s -o /dev/null --max-time 2 "http://localhost:$1/" || rc=$?
  [[ $rc -ne 7 ]]
}
portal_ready() {
  curl -fsS -o /dev/null --max-time 3 "$BACKEND_URL/.backstage/health/v1/readiness" &&
    curl -fsS -o /dev/null --max-time 3 "$APP_URL/"
}
# True once the backend has listed the lab and read moto: checkout's report, asked for as the
# guest user, has both. (Before that the card would wait for its next reload, 30 s later.)
lab_data_ready() {
  local token
  token="$(curl -fsS --max-time 3 -H 'X-Requested-With: XMLHttpRequest' "$BACKEND_URL/api/auth/guest/refresh" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["backstageIdentity"]["token"])')"
  curl -fsS --max-time 3 -H "Authorization: Bearer $token" \
    "$BACKEND_URL/api/external-secrets/v1/report?entityRef=component%3Adefault%2Fcheckout" |
    python3 -c 'import json, sys
r = json.load(sys.stdin)
sys.exit(not (r["externalSecrets"] and r["clusters"][0]["status"] == "ok" and r["providers"][0]["refreshedAt"]))'
}

seed() {
  log "seeding the demo services: secrets in moto and Vault, then lab/seed/*.yaml"
  "$MOTO_VENV/bin/python" "$SEED/moto_secrets.py" create
  python3 "$SEED/vault_secrets.py" create
  render "$SEED/00-store.yaml" | k apply --server-side --field-manager lab-seed -f - >/dev/null
  k apply --server-side --field-manager lab-seed -f "$SEED/10-external-secrets.yaml" >/dev/null
  # Pods must start after ESO wrote their Secrets, or they would be stale from the start.
  # (ledger-reports never syncs: its key is missing from moto on purpose.)
  local es
  for es in payments/payments-api-db checkout/checkout-db checkout/checkout-payment-gateway \
    ledger/ledger-db monitoring/grafana-admin inventory/inventory-db; do
    k -n "${es%/*}" wait --for=condition=Ready --timeout="${LAB_TIMEOUT}s" "externalsecret/${es#*/}" >/dev/null
  done
  k apply --server-side --field-manager lab-seed -f "$SEED/20-deployments.yaml" >/dev/null
  k wait --for=condition=Available --timeout="${LAB_TIMEOUT}s" deployment --all --all-namespaces >/dev/null
  log "seeded: $(k get externalsecrets -A --no-headers | wc -l) ExternalSecrets, $(k get pods -A --no-headers | wc -l) pods"
}

# Runs on every exit of the main command: Ctrl-C, a closed terminal, TERM from `stop`, the
# portal exiting, or an error.
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  log "stopping the portal and the lab"
  stop_component portal
  "$LAB_CLUSTER_DIR/down.sh" || rc=1
  rm -f "$(pid_file lab.sh)"
  exit "$rc"
}

main() {
  local started=$SECONDS pid port
  is_running lab.sh && die "the lab already runs (pid $(cut -d' ' -f1 "$(pid_file lab.sh)")); stop it with ./scripts/lab.sh stop"
  for port in 3000 7007; do
    port_taken "$port" && die "port $port is in use (is ./scripts/start.sh running?); the portal needs 3000 and 7007"
  done
  # Dependencies, then the lab's binaries and moto (every step is skipped when already done;
  # the first run takes about 15 minutes, mostly Go builds).
  [[ "${LAB_SKIP_SETUP:-0}" == 1 ]] || bash scripts/setup.sh
  bash lab/build/all.sh
  . scripts/toolchain.sh

  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
  lab/cluster/up.sh
  mkdir -p "$LAB_DIR/pids"
  echo "$$ lab.sh" >"$(pid_file lab.sh)"
  lab_env
  seed

  # The portal gets its own session, so Ctrl-C reaches only this script, which then stops the
  # portal and the lab in order. Its output goes to the terminal and to logs/portal.log.
  log "starting the portal (backstage-cli repo start with app-config.lab.yaml)"
  setsid backstage-cli repo start --config "$ROOT/app-config.yaml" --config "$ROOT/app-config.lab.yaml" \
    </dev/null > >(tee -a "$(log_file portal)") 2>&1 &
  pid=$!
  echo "$pid backstage-cli" >"$(pid_file portal)"
  LAB_TIMEOUT=600 wait_for portal "backend and app answer" portal_ready
  wait_for portal "the lab and moto read" lab_data_ready

  cat >&2 <<EOF

==> The lab portal is up ($((SECONDS - started)) s). Open, and sign in as guest ("Enter"):
      $CARD_URL
    checkout is healthy. In another terminal, rotate its database password in moto:
      ./scripts/lab.sh rotate checkout
    and watch the card: "Provider ahead" within about 30 s, "Stale env vars" when ESO fetches
    the new value (at most 2 minutes later), then "Healthy" after you restart the env reader:
      ./scripts/lab.sh kubectl rollout restart deployment/checkout-api -n checkout
    Overview of every service: $APP_URL/external-secrets
    kubectl:  KUBECONFIG=$LAB_KUBECONFIG $KUBECTL get externalsecrets,pods -A
    Logs:     $LAB_DIR/logs/ (portal.log, external-secrets.log, moto.log, ...)
    Stop:     Ctrl-C here, or ./scripts/lab.sh stop

EOF
  wait "$pid"
}

# A Go duration such as 2m0s, 90s or 1h in seconds; nothing for other forms.
duration_seconds() {
  if [[ "$1" =~ ^(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?$ && -n "$1" ]]; then
    echo $((${BASH_REMATCH[2]:-0} * 3600 + ${BASH_REMATCH[4]:-0} * 60 + ${BASH_REMATCH[6]:-0}))
  fi
}

rotate() {
  local service="${1:-}" ns es key readers refreshed seconds due="" next=""
  case "$service" in
    checkout) ns=checkout es=checkout-db key=checkout/prod/db readers=deployment/checkout-api ;;
    payments-api) ns=payments es=payments-api-db key=payments/prod/db readers="" ;;
    ledger) ns=ledger es=ledger-db key=ledger/prod/db readers=deployment/ledger-api ;;
    inventory) ns=inventory es=inventory-db key=inventory/prod/db readers=deployment/inventory-api ;;
    *) die "usage: $0 rotate checkout|payments-api|ledger|inventory" ;;
  esac
  lab_env
  es_field() { k -n "$ns" get externalsecret "$es" -o jsonpath="$1"; }
  refreshed="$(es_field '{.status.refreshTime}')"
  seconds="$(duration_seconds "$(es_field '{.spec.refreshInterval}')")"
  if [[ -n "$refreshed" && "${seconds:-0}" -gt 0 ]]; then
    due=$(($(date -d "$refreshed" +%s) + seconds))
    # ESO fetches by itself every refreshInterval. Rotating just before that would let it fetch
    # the new value at once and provider-ahead would hardly show, so when its next refresh is
    # less than a minute away, wait for it first. (Forcing a sync instead is no good: ESO
    # copies the ExternalSecret's annotations onto the Secret, which then looks changed.)
    if ((due - $(date +%s) < 60)); then
      log "ESO refreshes $ns/$es in $((due - $(date +%s))) s; waiting for that first, so that provider-ahead stays on the card for a while"
      while [[ "$(es_field '{.status.refreshTime}')" == "$refreshed" ]]; do
        (($(date +%s) < due + 30)) || die "ESO did not refresh $ns/$es by $(date -d "@$due" +%T); see $(log_file external-secrets)"
        sleep 0.5
      done
      refreshed="$(es_field '{.status.refreshTime}')"
      due=$(($(date -d "$refreshed" +%s) + seconds))
    fi
    # moto and ESO keep whole seconds: the new version must be at least a second newer than
    # the last sync to count as newer.
    while (($(date +%s) <= $(date -d "$refreshed" +%s))); do sleep 0.2; done
    next=" at about $(date -d "@$due" +%H:%M:%S)"
  fi
  local where=moto
  if [[ "$service" == inventory ]]; then
    # inventory's secret is in Vault: a new KV v2 version (vault kv put).
    where=Vault
    python3 "$SEED/vault_secrets.py" rotate "$key"
  else
    "$MOTO_VENV/bin/python" "$SEED/moto_secrets.py" rotate "$key"
  fi

  cat >&2 <<EOF

==> $key has a new value in $where (not shown). Watch $APP_URL/catalog/default/component/$service
    (the card reloads every 30 s):
    1. "Provider ahead" on $es within about 30 s: $where holds a newer value than the cluster.
    2. ESO fetches the new value$next (refreshInterval; "Sync now" on the card does it at once).
EOF
  if [[ -n "$readers" ]]; then
    cat >&2 <<EOF
       Then "Stale env vars": $readers started before the Secret changed.
    3. Restart it, and the card turns "Healthy":
         ./scripts/lab.sh kubectl rollout restart $readers -n $ns
       (the same as: KUBECONFIG=$LAB_KUBECONFIG $KUBECTL rollout restart $readers -n $ns)

EOF
  else
    cat >&2 <<EOF
       Its readers mount the Secret as a volume: no restart is needed. The card shows
       "Volume propagating" (info, still healthy) for 2 minutes while the kubelet would update
       the files.

EOF
  fi
}

stop() {
  local pid
  if is_running lab.sh; then
    # The main command's exit trap stops the portal and the lab, in order.
    read -r pid _ <"$(pid_file lab.sh)"
    log "stopping ./scripts/lab.sh (pid $pid)"
    kill -TERM "$pid"
    wait_gone "$pid" 90 || die "./scripts/lab.sh (pid $pid) did not stop within 90 s"
  else
    stop_component portal
    "$LAB_CLUSTER_DIR/down.sh"
  fi
}

case "${1:-}" in
  "") main ;;
  rotate) rotate "${2:-}" ;;
  kubectl)
    shift
    lab_env
    exec "$KUBECTL" --kubeconfig "$LAB_KUBECONFIG" "$@"
    ;;
  stop) stop ;;
  *) die "usage: $0 [rotate <service> | kubectl <args> | stop]" ;;
esac
