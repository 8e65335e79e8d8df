#!/usr/bin/env bash
# Model-registry benchmark (issue 16): search and alias lookup with 10,000 models and 100,000 versions on SQLite and
# PostgreSQL, each beside the plain SQL query a user would otherwise run on the same tables (MLflow's registry, the
# tool users compare with, cannot be installed here: no Python packages).
#
#   bash bench/registry.sh
#
# The program is bench/registry/Ariadne.Bench.Registry.csproj (not part of Ariadne.sln), built here in Release. Rows
# are written straight into the store's tables after the store made its schema; every timing is the median (and p90)
# of REPEAT calls after WARMUP calls, through the store's public API (ITrackingStore) on the one side and a plain
# ADO.NET query on the other. PostgreSQL 15 is a throwaway cluster under BENCH_DIR (trust over its own Unix socket
# only), stopped and removed at the end.
#
# Knobs (environment): BENCH_DIR (/tmp/ariadne-bench-registry), MODELS (10000), VERSIONS (100000), REPEAT (10),
# WARMUP (2), POSTGRES (1; 0 skips it).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/ariadne-bench-registry}
PG_BIN=${ARIADNE_PG_BIN:-/usr/lib/postgresql/15/bin}
PROJECT=$REPO/bench/registry/Ariadne.Bench.Registry.csproj
PROGRAM=$REPO/bench/registry/bin/Release/net10.0/Ariadne.Bench.Registry.dll
mkdir -p "$BENCH_DIR" "$REPO/bench/out"
REPORT=$REPO/bench/out/registry-$(date +%Y-%m-%d).md

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

PG_ARGS=()
if [[ ${POSTGRES:-1} == 1 ]]; then
  [[ -x $PG_BIN/pg_ctl ]] || { log "PostgreSQL 15 is not installed ($PG_BIN); apt-get install postgresql, or POSTGRES=0"; exit 1; }
  PG_ROOT=$BENCH_DIR/pg
  rm -rf "$PG_ROOT" && mkdir -p "$PG_ROOT/socket" && chmod 755 "$BENCH_DIR"
  [[ $(id -u) -eq 0 ]] && chown -R postgres:postgres "$PG_ROOT"
  as_postgres "$PG_BIN/initdb" -D "$PG_ROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-instructions >"$BENCH_DIR/initdb.log"
  PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_postgres "$PG_BIN/pg_ctl" start -w -D "$PG_ROOT/data" -l "$PG_ROOT/postgres.log" -o "-p $PG_PORT -k $PG_ROOT/socket -c listen_addresses=127.0.0.1 -c shared_buffers=256MB" >/dev/null
  trap 'as_postgres "$PG_BIN/pg_ctl" stop -m fast -w -D "$PG_ROOT/data" >/dev/null; rm -rf "$PG_ROOT"' EXIT
  psql -X -q -h "$PG_ROOT/socket" -p "$PG_PORT" -U postgres -c "CREATE DATABASE bench" >/dev/null
  PG_ARGS=(--postgres "postgresql://postgres@127.0.0.1:$PG_PORT/bench")
fi

log "building $PROJECT (Release)"
dotnet build "$PROJECT" -c Release -nologo -v q >"$BENCH_DIR/build.log" 2>&1 || { tail -n 30 "$BENCH_DIR/build.log" >&2; exit 1; }
log "running (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
dotnet "$PROGRAM" --work "$BENCH_DIR/work" --models "${MODELS:-10000}" --versions "${VERSIONS:-100000}" --repeat "${REPEAT:-10}" \
  --warmup "${WARMUP:-2}" "${PG_ARGS[@]}" | tee "$REPORT"
echo "
Machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) after the run; $(dotnet --version) SDK." | tee -a "$REPORT"
rm -rf "$BENCH_DIR/work"
log "report: $REPORT"
