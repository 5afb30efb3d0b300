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
VERSION="$(ls /usr/lib/postgresql | sort -n | tail -n 1)"

if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$VERSION/$CLUSTER"; then
  echo "[postgres] creating cluster $VERSION/$CLUSTER on 127.0.0.1:$PORT" >&2
  $SUDO pg_createcluster --port "$PORT" --start-conf manual "$VERSION" "$CLUSTER" \
    -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  # Loopback only, and quick: no durability needed for throw-away test data.
  printf "listen_addresses = '127.0.0.1'\nfsync = off\nmax_connections = 200\n" |
    $SUDO tee "/etc/postgresql/$VERSION/$CLUSTER/conf.d/eso-health-test.conf" >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}' | grep -qx online; then
  echo "[postgres] starting $VERSION/$CLUSTER" >&2
  $SUDO pg_ctlcluster "$VERSION" "$CLUSTER" start
fi
$SUDO runuser -u postgres -- psql -q -p "$PORT" -c "ALTER USER postgres PASSWORD 'postgres'" >/dev/null
echo "export BACKSTAGE_TEST_DATABASE_POSTGRES${VERSION}_CONNECTION_STRING=postgresql://postgres:postgres@127.0.0.1:$PORT"
