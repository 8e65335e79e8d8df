#!/usr/bin/env bash
# Tracking server load benchmark (issue 4): 32 concurrent clients log metrics to 'ariadne server' for 30 s, first in
# batches (runs/log-batch, 1000 metrics a request: MLflow's limit), then one metric per request (runs/log-metric, how
# MLflow clients log by default), against the embedded SQLite store and against PostgreSQL. Afterwards every run's
# history is read back through the API and counted: the row says whether every point sent is there.
#
#   bash bench/server-load.sh
#
# The server is the Native AOT binary (./ariadne builds .bin/ariadne); the load generator is
# bench/server-load/Ariadne.Bench.ServerLoad.csproj (plain HttpClient + JSON, one HttpClient per client), built here in
# Release. Both run on this machine and share its cores. PostgreSQL is a throwaway 15 cluster started the way
# bench/tracking.sh starts it (fsync on), stopped and removed at the end.
#
# Knobs (environment): BENCH_DIR (/tmp/ariadne-bench-server), CLIENTS (32), SECONDS_EACH (30), BATCH (1000),
# POSTGRES (1; 0 skips PostgreSQL), KEEP (0).
# Prints a Markdown table and writes it to bench/out/server-load-<date>.md (bench/out is git-ignored).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/ariadne-bench-server}
CLIENTS=${CLIENTS:-32}
SECONDS_EACH=${SECONDS_EACH:-30}
BATCH=${BATCH:-1000}
POSTGRES=${POSTGRES:-1}
KEEP=${KEEP:-0}
PG_BIN=${ARIADNE_PG_BIN:-/usr/lib/postgresql/15/bin}
OUT_DIR=$REPO/bench/out
REPORT=$OUT_DIR/server-load-$(date +%Y-%m-%d).md
PROJECT=$REPO/bench/server-load/Ariadne.Bench.ServerLoad.csproj
PROGRAM=$REPO/bench/server-load/bin/Release/net10.0/Ariadne.Bench.ServerLoad.dll

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

[[ $BENCH_DIR == /* && $BENCH_DIR != / ]] || die "BENCH_DIR must be an absolute path other than / (got '$BENCH_DIR')"
case "$BENCH_DIR/" in "$REPO"/*) die "BENCH_DIR must not be inside the repository" ;; esac
AS_ROOT=0
[[ $(id -u) -eq 0 ]] && AS_ROOT=1
PG_DATA=$BENCH_DIR/pg/data
PG_STARTED=0
SERVER_PID=

pg_tool() { if ((AS_ROOT)); then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

stop_server() {
  if [[ -n $SERVER_PID ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}

stop_postgres() {
  if ((PG_STARTED)); then
    pg_tool "$PG_BIN/pg_ctl" stop -m fast -w -D "$PG_DATA" >>"$BENCH_DIR/pg/pg_ctl.log" 2>&1 || true
  fi
  PG_STARTED=0
}

cleanup() {
  stop_server
  stop_postgres
  if [[ $KEEP == 1 ]]; then log "KEEP=1: leaving $BENCH_DIR"; else cd /; rm -rf "$BENCH_DIR"; fi
}
trap cleanup EXIT

start_postgres() {
  local root=$BENCH_DIR/pg super_pw bench_pw
  mkdir -p "$root/data" "$root/socket"
  chmod 755 "$BENCH_DIR" "$root"
  chmod 700 "$root/data"
  super_pw=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  bench_pw=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  printf '%s\n' "$super_pw" >"$root/pwfile"
  ((AS_ROOT)) && chown -R postgres:postgres "$root"
  pg_tool "$PG_BIN/initdb" -D "$root/data" -U postgres --pwfile "$root/pwfile" --auth-host=scram-sha-256 --auth-local=trust \
    -E UTF8 --locale=C.UTF-8 --no-instructions >"$root/initdb.log" 2>&1 || die "initdb failed"
  rm -f "$root/pwfile"
  PG_PORT=$(free_port)
  pg_tool "$PG_BIN/pg_ctl" start -w -t 60 -D "$root/data" -l "$root/postgres.log" \
    -o "-p $PG_PORT -k $root/socket -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB" >>"$root/pg_ctl.log" 2>&1 || die "PostgreSQL did not start"
  PG_STARTED=1
  psql -X -q -v ON_ERROR_STOP=1 -h "$root/socket" -p "$PG_PORT" -U postgres -d postgres \
    -c "CREATE ROLE bench LOGIN PASSWORD '$bench_pw'" -c "CREATE DATABASE bench OWNER bench" >/dev/null
  PG_URI="postgresql://bench:$bench_pw@127.0.0.1:$PG_PORT/bench"
}

# start_server LABEL [ariadne server options...]: starts the server in $BENCH_DIR/ws and waits for /health.
start_server() {
  local label=$1; shift
  SERVER_PORT=$(free_port)
  (cd "$BENCH_DIR/ws" && exec "$REPO/.bin/ariadne" server --port "$SERVER_PORT" "$@") >"$BENCH_DIR/server-$label.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$SERVER_PORT/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  cat "$BENCH_DIR/server-$label.log" >&2
  die "the server did not answer on port $SERVER_PORT"
}

load() {
  local label=$1 mode=$2
  log "$label, $mode: $CLIENTS clients for $SECONDS_EACH s"
  dotnet "$PROGRAM" --url "http://127.0.0.1:$SERVER_PORT" --label "$label" --clients "$CLIENTS" --seconds "$SECONDS_EACH" --mode "$mode" --batch "$BATCH" >>"$BENCH_DIR/rows.md" || FAILED=1
}

rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR/ws" "$OUT_DIR"
FAILED=0
log "building the server (Native AOT, ./ariadne) and the load generator (Release)"
ARIADNE_WAIT_FOR_AOT=1 "$REPO/ariadne" --version >/dev/null
dotnet build "$PROJECT" -c Release -nologo -v q >"$BENCH_DIR/build.log" 2>&1 || { tail -n 30 "$BENCH_DIR/build.log" >&2; die "build failed"; }
(cd "$BENCH_DIR/ws" && "$REPO/.bin/ariadne" init >/dev/null)
START=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

start_server sqlite
load "SQLite" batch
load "SQLite" single
stop_server

PG_NOTE="not run (POSTGRES=0)"
if [[ $POSTGRES == 1 ]]; then
  start_postgres
  PG_NOTE="PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $3 }'), fresh cluster, 127.0.0.1, fsync on, shared_buffers=256MB"
  start_server postgres --store "$PG_URI"
  load "PostgreSQL" batch
  load "PostgreSQL" single
  stop_server
  stop_postgres
fi

{
  echo "# Tracking server load, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Command: \`bash bench/server-load.sh\` ($(($(date +%s) - START)) s; CLIENTS=$CLIENTS, SECONDS_EACH=$SECONDS_EACH, BATCH=$BATCH). Ariadne $(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown)."
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg). PostgreSQL: $PG_NOTE."
  echo
  echo "| store | requests of | clients | seconds | requests | errors | points sent | points found | all there | points/s | p50 ms | p99 ms |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |"
  cat "$BENCH_DIR/rows.md"
} | tee "$REPORT"
exit $FAILED
