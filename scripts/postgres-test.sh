#!/usr/bin/env bash
# The PostgreSQL pass: starts a throwaway PostgreSQL 15 cluster (Debian's packages; installed when missing,
# which needs root), points SIDETEXT_TEST_POSTGRES_URL at it and runs the server tests on it — every file of
# tests/server, plus the multi-instance and concurrent-writer tests that need PostgreSQL. The cluster is
# stopped and deleted afterwards, whatever the outcome.
#
#   scripts/postgres-test.sh                 # npx vitest run --project server-postgres --maxWorkers=1
#   scripts/postgres-test.sh npm test        # everything: SQLite pass, PostgreSQL pass, the rest
#   scripts/postgres-test.sh npx vitest run --project server-postgres tests/server/feed.test.ts
#   SIDETEXT_PG_DURABLE=1 scripts/postgres-test.sh npx tsx bench/postgres-scale.ts   # durable commits
#
# With SIDETEXT_TEST_POSTGRES_URL already set (a server of your own), nothing is started.
set -euo pipefail
cd "$(dirname "$0")/.."

# The first free port from 5433 (several checkouts or engineers may run a pass at once).
PORT="${SIDETEXT_PG_PORT:-}"
if [ -z "$PORT" ]; then
  for p in $(seq 5433 5499); do
    if ! (echo > "/dev/tcp/127.0.0.1/$p") 2>/dev/null; then PORT=$p; break; fi
  done
fi
# One file at a time: the multi-instance suites start three servers each and time their leader handovers, and two
# such files at once on two cores made them miss their waits (a whole pass now takes about 15 minutes).
if [ "$#" -eq 0 ]; then set -- npx vitest run --project server-postgres --maxWorkers=1; fi

if [ -n "${SIDETEXT_TEST_POSTGRES_URL:-}" ]; then
  exec "$@"
fi

PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$PG_BIN" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends postgresql
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi

DIR="$(mktemp -d /tmp/sidetext-pg.XXXXXX)"
# PostgreSQL refuses to run as root: the cluster belongs to the postgres user when we are root.
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$DIR"
  as_pg() { su postgres -s /bin/sh -c "cd / && $*"; }
else
  as_pg() { sh -c "$*"; }
fi
stop() {
  as_pg "'$PG_BIN/pg_ctl' -D '$DIR/data' -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT

as_pg "'$PG_BIN/initdb' -D '$DIR/data' -U postgres -A trust --no-sync" >/dev/null
# Test settings: durability off (the data is thrown away), room for many test servers' pools. Benchmarks
# want PostgreSQL's defaults (durable commits): SIDETEXT_PG_DURABLE=1.
FAST="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
if [ -n "${SIDETEXT_PG_DURABLE:-}" ]; then FAST=""; fi
as_pg "'$PG_BIN/pg_ctl' -D '$DIR/data' -l '$DIR/log' -w -o \"-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 $FAST\" start" >/dev/null

export SIDETEXT_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PORT: $*"
"$@"
