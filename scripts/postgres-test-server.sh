#!/usr/bin/env bash
# Starts a throwaway Debian PostgreSQL 15 cluster for the tests and prints its URL; the tests
# create one database per file in it. `stop DIR` stops and removes it. Postgres refuses to run as
# root, so the cluster runs as the `postgres` user the Debian package creates.
set -euo pipefail

BIN=/usr/lib/postgresql/15/bin
PORT=${LOTLINE_TEST_PG_PORT:-54329}

if [ "${1:-}" = "stop" ]; then
  dir=$2
  as_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
  as_pg "$BIN/pg_ctl -D '$dir/data' -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

[ -x "$BIN/postgres" ] || { echo "PostgreSQL 15 is not installed (apt-get install postgresql)" >&2; exit 1; }
dir=$(mktemp -d /tmp/lotline-pg15-XXXXXX)
chmod 755 "$dir"
as_pg() { if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$dir"; su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
as_pg "$BIN/initdb -D '$dir/data' -U lotline --auth=trust --encoding=UTF8 --locale=C.UTF-8" >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
as_pg "$BIN/pg_ctl -D '$dir/data' -l '$dir/server.log' -o '-p $PORT -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200' -w start" >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
echo "$dir postgresql://lotline@127.0.0.1:$PORT/postgres"
