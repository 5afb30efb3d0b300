#!/usr/bin/env bash
# Starts a PostgreSQL cluster of Debian's postgresql package for the database tests, on
# 127.0.0.1 only, and prints the variable backend-test-utils reads, e.g.
#   BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=postgresql://postgres:postgres@127.0.0.1:55432
# Usage: eval "$(bash scripts/start-postgres.sh)". Idempotent: reuses the cluster when it exists.
set -euo pipefail
PORT="${ESO_TEST_PGPORT:-55432}"
CLUSTER=eso-health-test
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

if ! command -v pg_createcluster >/dev/null 2>&1; then
  echo "[postgres] installing postgresql from Debian" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
# The newest installed major version (the folder names are the versions).
VERSION=""
for dir in /usr/lib/postgresql/*/; do
  v="$(basename "$dir")"
  if [ -z "$VERSION" ] || [ "$v" -gt "$VERSION" ]; then VERSION="$v"; fi
done

# The cluster's status column ("online", "down"), empty when it does not exist. The listing is
# captured before it is matched: an early-exiting reader (grep -q) in a pipeline can kill the
# writer with SIGPIPE under pipefail.
cluster_status() {
  local clusters
  clusters="$(pg_lsclusters -h)"
  awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}' <<<"$clusters"
}
cluster_exists() { [ -n "$(cluster_status)" ]; }
cluster_online() { [ "$(cluster_status)" = online ]; }
create_cluster() {
  echo "[postgres] creating cluster $VERSION/$CLUSTER on 127.0.0.1:$PORT" >&2
  $SUDO pg_createcluster --port "$PORT" --start-conf manual "$VERSION" "$CLUSTER" \
    -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  # Loopback only, and quick: no durability needed for throw-away test data.
  printf "listen_addresses = '127.0.0.1'\nfsync = off\nmax_connections = 200\n" |
    $SUDO tee "/etc/postgresql/$VERSION/$CLUSTER/conf.d/eso-health-test.conf" >/dev/null
}
# A server killed without a clean stop (a session ending, a machine image taken while it ran)
# leaves its socket lock behind, and the next start refuses it: drop locks whose owner is gone.
remove_stale_socket_lock() {
  local lock="/var/run/postgresql/.s.PGSQL.$PORT.lock" pid
  [ -f "$lock" ] || return 0
  pid="$(head -n 1 "$lock" 2>/dev/null || true)"
  # A copied machine may reuse the PID for another program: only a live postgres owns it.
  if [ -z "$pid" ] || [ "$(ps -o comm= -p "$pid" 2>/dev/null)" != postgres ]; then
    echo "[postgres] removing stale socket lock $lock" >&2
    $SUDO rm -f "$lock" "/var/run/postgresql/.s.PGSQL.$PORT"
  fi
}
start_cluster() {
  echo "[postgres] starting $VERSION/$CLUSTER" >&2
  remove_stale_socket_lock
  $SUDO pg_ctlcluster "$VERSION" "$CLUSTER" start
}

prepare() {
  cluster_exists || create_cluster
  if ! cluster_online && ! start_cluster; then
    # The test data is disposable: a cluster that will not start is rebuilt, not debugged.
    echo "[postgres] $VERSION/$CLUSTER did not start; recreating it" >&2
    $SUDO pg_dropcluster --stop "$VERSION" "$CLUSTER" || true
    create_cluster
    start_cluster
  fi
  $SUDO runuser -u postgres -- psql -q -p "$PORT" -c "ALTER USER postgres PASSWORD 'postgres'"
}

# The caller evals stdout, so only the export line goes there. What the tools print
# (pg_ctlcluster says "Removed stale pid file." after an unclean stop) goes to stderr.
prepare >&2
echo "export BACKSTAGE_TEST_DATABASE_POSTGRES${VERSION}_CONNECTION_STRING=postgresql://postgres:postgres@127.0.0.1:$PORT"
