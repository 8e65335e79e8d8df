#!/usr/bin/env bash
# Lineage benchmark (issue 17): 'ariadne lineage' upstream and downstream on a store of 100,000 runs with 1,000,000
# recorded inputs and outputs, in SQLite and in a throwaway PostgreSQL 15, next to what one would otherwise write: a
# recursive SQL query (WITH RECURSIVE) over the same tables, with and without the index on artifact hashes.
# DVC's 'dvc dag' draws a pipeline's stages from dvc.yaml, not the history of recorded runs, so it has no equivalent
# query and is not run.
#
#   bash bench/lineage.sh
#
# The program is bench/lineage/Ariadne.Bench.Lineage.csproj (Release, not in Ariadne.sln). Runs are 10,000 chains of
# 10 runs; each reads 5 hashes (the previous run's outputs, raw data for the first) and writes 5. Upstream starts at
# the last output of a chain, downstream at its raw data; each query: 2 warm-ups, median and p90 of REPEAT.
# Knobs (environment): BENCH_DIR (/tmp/ariadne-bench-lineage), RUNS (100000), CHAIN (10), FANOUT (5), REPEAT (20),
# POSTGRES (1; 0 skips PostgreSQL). Prints Markdown and writes it to bench/out/lineage-<date>.md (git-ignored).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/ariadne-bench-lineage}
RUNS=${RUNS:-100000}
CHAIN=${CHAIN:-10}
FANOUT=${FANOUT:-5}
REPEAT=${REPEAT:-20}
POSTGRES=${POSTGRES:-1}
PG_BIN=${ARIADNE_PG_BIN:-/usr/lib/postgresql/15/bin}
PROJECT=$REPO/bench/lineage/Ariadne.Bench.Lineage.csproj
PROGRAM=$REPO/bench/lineage/bin/Release/net10.0/Ariadne.Bench.Lineage.dll
REPORT=$REPO/bench/out/lineage-$(date +%Y-%m-%d).md

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
case "$BENCH_DIR/" in "$REPO"/*) log "BENCH_DIR must be outside the repository"; exit 1 ;; esac
rm -rf "$BENCH_DIR" && mkdir -p "$BENCH_DIR" "$REPO/bench/out"

PG_DATA=$BENCH_DIR/pg
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { [[ -f $PG_DATA/postmaster.pid ]] && as_postgres "$PG_BIN/pg_ctl" stop -m fast -w -D "$PG_DATA" >/dev/null 2>&1; rm -rf "$BENCH_DIR"; }
trap cleanup EXIT

PG_URI=
if [[ $POSTGRES == 1 ]]; then
  # A local cluster trusting 127.0.0.1 only (a throwaway: no password to keep), durability at its defaults.
  mkdir -p "$PG_DATA" && chmod 755 "$BENCH_DIR" && { [[ $(id -u) -ne 0 ]] || chown postgres:postgres "$PG_DATA"; }
  as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$BENCH_DIR/initdb.log" 2>&1
  PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_postgres "$PG_BIN/pg_ctl" start -w -D "$PG_DATA" -l "$PG_DATA/log" -o "-p $PORT -k $PG_DATA -c listen_addresses=127.0.0.1 -c shared_buffers=256MB" >/dev/null
  PG_URI="postgresql://postgres@127.0.0.1:$PORT/postgres"
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $3 }') on 127.0.0.1:$PORT"
fi

log "building $PROJECT (Release)"
dotnet build "$PROJECT" -c Release -nologo -v q >"$BENCH_DIR/build.log" 2>&1 || { cat "$BENCH_DIR/build.log" >&2; exit 1; }
{
  echo "## Lineage (issue 17), $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  dotnet "$PROGRAM" "$BENCH_DIR/work" "$RUNS" "$CHAIN" "$FANOUT" "$REPEAT" $PG_URI
} | tee "$REPORT"
log "report: $REPORT"
