#!/usr/bin/env bash
# Experiment-tracking benchmark (issue 3): the Ariadne SDK and stores side by side with the sqlite3 and psql shells,
# all measured in the same run.
#
#   bash bench/tracking.sh
#
# What it does (the program is bench/tracking/Ariadne.Bench.Tracking.csproj, built here in Release; it is not part of
# Ariadne.sln):
#   1. SDK metric logging: 5,000,000 points (10 keys x 500,000 steps) with run.LogMetric in a tight loop into a fresh
#      embedded SQLite store, timed up to the end of EndAsync (the final flush); then every key's history is read back
#      and counted. Peer: the sqlite3 shell inserting the same rows (run_id, key, step, timestamp, value) in one
#      transaction with INSERT ... SELECT FROM generate_series, into a plain table and into one with an index.
#   2. Search: 100,000 runs with 20 params, 20 metrics and 5 tags each, written straight into the store's tables
#      (after the store made its schema) in SQLite and in a throwaway PostgreSQL 15; SearchRunsAsync for
#      'metrics.m3 > 0.5 and params.p7 = '\''v1'\''' (and a selective variant) ordered by metrics.m1 DESC, first
#      page of 100: 2 warm-ups, median and p90 of 10. Peers: a naive JOIN query, and Ariadne's own generated query,
#      run in sqlite3 / psql.
#   3. Downsampled history: one key with 1,000,000 points in each store; GetMetricHistoryDownsampledAsync(run, key,
#      1000) against GetMetricHistoryAsync (full history), 2 warm-ups, median of 10.
#   4. Peak memory of the process during item 1.
#
# PostgreSQL runs the way tests/Ariadne.Tests/Postgres/PostgresServerFixture.cs starts it (initdb and pg_ctl as the
# postgres user through runuser when run as root, 127.0.0.1 and a free port, under BENCH_DIR), but with durability
# left on (fsync, synchronous_commit and full_page_writes at their defaults) and shared_buffers=256MB; it is stopped
# and removed at the end.
#
# Knobs (environment): BENCH_DIR (/tmp/ariadne-bench-tracking, must not be inside the repository), POINTS (5000000),
# KEYS (10), SEARCH_RUNS (100000), HISTORY (1000000), REPEAT (10), WARMUP (2), POSTGRES (1; 0 skips PostgreSQL),
# KEEP (0: delete BENCH_DIR at the end).
#
# Prints a Markdown report and writes it to bench/out/tracking-<date>.md (bench/out is git-ignored), with the search
# queries it ran and their plans (EXPLAIN QUERY PLAN in SQLite, EXPLAIN (ANALYZE, BUFFERS) in PostgreSQL, taken once
# after the timed runs) in bench/out/tracking-<date>-sql/.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/ariadne-bench-tracking}
POINTS=${POINTS:-5000000}
KEYS=${KEYS:-10}
SEARCH_RUNS=${SEARCH_RUNS:-100000}
HISTORY=${HISTORY:-1000000}
REPEAT=${REPEAT:-10}
WARMUP=${WARMUP:-2}
POSTGRES=${POSTGRES:-1}
KEEP=${KEEP:-0}
PG_BIN=${ARIADNE_PG_BIN:-/usr/lib/postgresql/15/bin}
OUT_DIR=$REPO/bench/out
STAMP=$(date +%Y-%m-%d)
REPORT=$OUT_DIR/tracking-$STAMP.md
PROJECT=$REPO/bench/tracking/Ariadne.Bench.Tracking.csproj
PROGRAM=$REPO/bench/tracking/bin/Release/net10.0/Ariadne.Bench.Tracking.dll

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

[[ $BENCH_DIR == /* && $BENCH_DIR != / ]] || die "BENCH_DIR must be an absolute path other than / (got '$BENCH_DIR')"
case "$BENCH_DIR/" in "$REPO"/*) die "BENCH_DIR ($BENCH_DIR) must not be inside the repository ($REPO)" ;; esac

AS_ROOT=0
[[ $(id -u) -eq 0 ]] && AS_ROOT=1
PG_DATA=$BENCH_DIR/pg/data
PG_STARTED=0

# Runs initdb / pg_ctl: as the postgres user when we are root (PostgreSQL refuses to run as root).
pg_tool() {
  if ((AS_ROOT)); then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_postgres() {
  if ((PG_STARTED)) && [[ -f $PG_DATA/postmaster.pid ]]; then
    pg_tool "$PG_BIN/pg_ctl" stop -m fast -w -D "$PG_DATA" >>"$BENCH_DIR/pg/pg_ctl.log" 2>&1 ||
      pg_tool "$PG_BIN/pg_ctl" stop -m immediate -w -D "$PG_DATA" >>"$BENCH_DIR/pg/pg_ctl.log" 2>&1 || log "could not stop PostgreSQL in $PG_DATA"
  fi
  PG_STARTED=0
}

if [[ -e $BENCH_DIR ]]; then
  if [[ -e $BENCH_DIR/.ariadne-bench ]] || [[ -z $(ls -A "$BENCH_DIR") ]]; then
    if [[ -f $PG_DATA/postmaster.pid ]]; then PG_STARTED=1; stop_postgres; fi
    rm -rf "$BENCH_DIR"
  else
    die "$BENCH_DIR exists and was not made by this script (no .ariadne-bench marker); remove it or set BENCH_DIR"
  fi
fi
mkdir -p "$BENCH_DIR/work" "$OUT_DIR"
touch "$BENCH_DIR/.ariadne-bench"
RESULTS=$BENCH_DIR/results.md

cleanup() {
  local rc=$?
  stop_postgres
  if [[ $rc -ne 0 ]]; then
    log "failed (exit $rc)"
    [[ -f $BENCH_DIR/pg/postgres.log ]] && { log "last lines of the PostgreSQL log:"; tail -n 15 "$BENCH_DIR/pg/postgres.log" >&2 || true; }
  fi
  if [[ $KEEP == 1 ]]; then
    log "KEEP=1: leaving $BENCH_DIR"
  else
    cd /
    rm -rf "$BENCH_DIR" || log "could not remove $BENCH_DIR"
  fi
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------------------------------

ensure_tools() {
  local -a missing=()
  have sqlite3 || missing+=(sqlite3)
  if [[ $POSTGRES == 1 ]]; then
    { [[ -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl ]] && have psql; } || missing+=(postgresql)
  fi
  have python3 || missing+=(python3)
  ((${#missing[@]})) || return 0
  have apt-get || die "missing ${missing[*]} and no apt-get to install them"
  local sudo=
  ((AS_ROOT)) || sudo=sudo
  log "installing ${missing[*]} with apt-get"
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}" >>"$BENCH_DIR/apt.log" 2>&1; then
    $sudo apt-get update >>"$BENCH_DIR/apt.log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}" >>"$BENCH_DIR/apt.log" 2>&1 || die "apt-get install ${missing[*]} failed (see $BENCH_DIR/apt.log)"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# A fresh cluster under $BENCH_DIR/pg: superuser postgres (trust over the Unix socket in $BENCH_DIR/pg/socket only,
# scram-sha-256 over TCP), and a role "bench" owning the database "bench", which the store and psql use over TCP.
start_postgres() {
  local root=$BENCH_DIR/pg attempt
  mkdir -p "$root/data" "$root/socket"
  chmod 755 "$BENCH_DIR" "$root"
  chmod 700 "$root/data"
  local super_pw bench_pw
  super_pw=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  bench_pw=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  printf '%s\n' "$super_pw" >"$root/pwfile"
  ((AS_ROOT)) && chown -R postgres:postgres "$root"
  log "PostgreSQL: initdb in $root/data"
  pg_tool "$PG_BIN/initdb" -D "$root/data" -U postgres --pwfile "$root/pwfile" --auth-host=scram-sha-256 --auth-local=trust \
    -E UTF8 --locale=C.UTF-8 --no-instructions >"$root/initdb.log" 2>&1 || { cat "$root/initdb.log" >&2; die "initdb failed"; }
  rm -f "$root/pwfile"
  for attempt in 1 2 3; do
    PG_PORT=$(free_port)
    if pg_tool "$PG_BIN/pg_ctl" start -w -t 60 -D "$root/data" -l "$root/postgres.log" \
      -o "-p $PG_PORT -k $root/socket -c listen_addresses=127.0.0.1 -c max_connections=100 -c shared_buffers=256MB" \
      >>"$root/pg_ctl.log" 2>&1; then
      PG_STARTED=1
      break
    fi
    log "PostgreSQL did not start on port $PG_PORT (attempt $attempt)"
  done
  ((PG_STARTED)) || die "PostgreSQL did not start; see $root/postgres.log"
  psql -X -q -v ON_ERROR_STOP=1 -h "$root/socket" -p "$PG_PORT" -U postgres -d postgres \
    -c "CREATE ROLE bench LOGIN PASSWORD '$bench_pw'" -c "CREATE DATABASE bench OWNER bench" >/dev/null
  export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=bench PGPASSWORD=$bench_pw PGDATABASE=bench BENCH_PG_SOCKET=$root/socket
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $3 }') on 127.0.0.1:$PG_PORT (fsync on)"
}

# ---------------------------------------------------------------------------------------------------------------------
# Run
# ---------------------------------------------------------------------------------------------------------------------

START=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
ensure_tools
have dotnet || die "dotnet is needed (see global.json)"

log "building $PROJECT (Release)"
if ! dotnet build "$PROJECT" -c Release -nologo -v q >"$BENCH_DIR/build.log" 2>&1; then
  tail -n 30 "$BENCH_DIR/build.log" >&2
  die "build failed"
fi

PG_NOTE="not run (POSTGRES=0)"
if [[ $POSTGRES == 1 ]]; then
  start_postgres
  PG_NOTE="PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $3 }'), fresh cluster under $BENCH_DIR/pg, 127.0.0.1:$PG_PORT; fsync, synchronous_commit and full_page_writes on (defaults); shared_buffers=256MB, other settings default (work_mem 4MB)"
fi

log "running the benchmark (a few minutes)"
(cd "$BENCH_DIR" && dotnet "$PROGRAM" --work "$BENCH_DIR/work" --points "$POINTS" --keys "$KEYS" --runs "$SEARCH_RUNS" \
  --history "$HISTORY" --repeat "$REPEAT" --warmup "$WARMUP" --postgres "$POSTGRES") >"$RESULTS"
stop_postgres
PLANS=$OUT_DIR/tracking-$STAMP-sql
rm -rf "$PLANS"
cp -r "$BENCH_DIR/work/sql" "$PLANS"
ELAPSED=$(($(date +%s) - START))
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

{
  echo "# Experiment tracking benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Command: \`bash bench/tracking.sh\` (took ${ELAPSED} s, build included). Ariadne $(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown),"
  echo "program bench/tracking built with \`dotnet build -c Release\` and run with \`dotnet\` ($(dotnet --version) SDK)."
  echo
  echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -n 1)), $(free -h | awk '/^Mem:/ { print $2 }') memory,"
  echo "kernel $(uname -r), $BENCH_DIR on $(df -T "$BENCH_DIR" | awk 'NR == 2 { print $2 }')."
  echo "Load average (1, 5, 15 min) before the run: $LOAD_BEFORE; after: $LOAD_AFTER (other work on a shared machine shows here)."
  echo "PostgreSQL: $PG_NOTE."
  echo
  cat "$RESULTS"
} | tee "$REPORT"

log "report written to $REPORT; the search queries and their plans (EXPLAIN) are in $PLANS"
