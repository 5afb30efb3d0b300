#!/usr/bin/env bash
# The API's contract, fuzzed: schemathesis (pinned, scripts/install-schemathesis.sh) generates
# test cases for every operation of plugins/external-secrets-backend/src/schema/openapi.yaml
# (its examples, the coverage phase's boundary and invalid values, then random fuzzing) and
# sends them to the real plugin on a real backend (plugins/external-secrets-backend/dev: HTTP,
# auth with a static external-access token made up for this run, SQLite) serving the bundled
# demo cluster. Fails on any 5xx (not_a_server_error), any response that breaks its schema
# (response_schema_conformance), any undocumented status or content type, or fewer cases than
# $SCHEMATHESIS_MIN_CASES. Documented 4xx answers to bad input pass.
#
#   bash scripts/schemathesis.sh   (SCHEMATHESIS_EXAMPLES=N cases per operation and phase,
#     SCHEMATHESIS_SEED=N, SCHEMATHESIS_SCHEMA=another copy of the OpenAPI file)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/toolchain.sh
PATH="$ROOT/node_modules/.bin:$PATH"
: "${SCHEMATHESIS_EXAMPLES:=300}"
: "${SCHEMATHESIS_MIN_CASES:=1000}"
: "${SCHEMATHESIS_SEED:=$RANDOM}"

bash scripts/install-schemathesis.sh
ST="$ROOT/.tools/schemathesis-venv/bin/st"
PLUGIN="$ROOT/plugins/external-secrets-backend"
SCHEMA="${SCHEMATHESIS_SCHEMA:-$PLUGIN/src/schema/openapi.yaml}"

work="$(mktemp -d)"
backend_pid=""
cleanup() {
  if [[ -n "$backend_pid" ]]; then
    kill "$backend_pid" 2>/dev/null || true
    wait "$backend_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A free port and a token for this run only (never printed; schemathesis masks it in its output).
API_TEST_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
API_TEST_TOKEN="$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
export API_TEST_PORT API_TEST_TOKEN
base="http://127.0.0.1:$API_TEST_PORT"

start=$SECONDS
(cd "$PLUGIN" && exec node -r @backstage/cli/config/nodeTransform.cjs dev/index.ts \
  --config dev/app-config.api-test.yaml) >"$work/backend.log" 2>&1 &
backend_pid=$!

# Ready when the demo cluster has been read: the report of a demo service lists its ExternalSecrets.
ready=""
for _ in $(seq 1 240); do
  if ! kill -0 "$backend_pid" 2>/dev/null; then break; fi
  body="$(curl -s --max-time 5 -H "Authorization: Bearer $API_TEST_TOKEN" \
    "$base/api/external-secrets/v1/report?entityRef=component%3Adefault%2Fpayments-api" || true)"
  if [[ "$body" == *'"status":"ok"'* && "$body" == *'"externalSecrets":[{'* ]]; then
    ready=1
    break
  fi
  sleep 0.5
done
if [[ -z "$ready" ]]; then
  echo "[schemathesis] the backend did not serve the demo cluster within 120 s; its log:" >&2
  tail -n 40 "$work/backend.log" >&2
  exit 1
fi
echo "[schemathesis] backend ready in $((SECONDS - start))s on $base" >&2

# One worker: Python 3.11.7's ast.parse is not thread-safe, and hypothesis calls it.
start=$SECONDS
rc=0
(cd "$work" && "$ST" run "$SCHEMA" \
  --url "$base/api/external-secrets" \
  --header "Authorization: Bearer $API_TEST_TOKEN" \
  --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
  --phases examples,coverage,fuzzing \
  --max-examples "$SCHEMATHESIS_EXAMPLES" \
  --seed "$SCHEMATHESIS_SEED" \
  --workers 1 \
  --request-timeout 30 \
  --generation-database none \
  --no-color) >"$work/schemathesis.txt" 2>&1 || rc=$?
duration=$((SECONDS - start))

summary="$(sed -n '/^=* SUMMARY =*$/,$p' "$work/schemathesis.txt")"
cases="$(sed -n 's/^ *\([0-9][0-9]*\) generated.*/\1/p' <<<"$summary")"
if [[ $rc -ne 0 || -z "$cases" ]]; then
  # Failures with their reproducing requests (the token is masked by schemathesis).
  cat "$work/schemathesis.txt" >&2
  echo "[schemathesis] FAILED (exit $rc) after ${duration}s, seed $SCHEMATHESIS_SEED; backend log tail:" >&2
  tail -n 20 "$work/backend.log" >&2
  exit 1
fi
echo "$summary" >&2
if [[ "$cases" -lt "$SCHEMATHESIS_MIN_CASES" ]]; then
  echo "[schemathesis] only $cases cases (at least $SCHEMATHESIS_MIN_CASES expected)" >&2
  exit 1
fi
# Any 5xx would also show in the backend's request log.
if server_errors="$(grep -c '" 5[0-9][0-9] ' "$work/backend.log")"; then
  echo "[schemathesis] the backend logged $server_errors 5xx answers" >&2
  exit 1
fi
echo "[schemathesis] $cases cases over every operation in ${duration}s (seed $SCHEMATHESIS_SEED): no 5xx, every response as its schema says" >&2
