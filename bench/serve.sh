#!/usr/bin/env bash
# Serving benchmark (issue 18): throughput and p50/p99 latency of 'ariadne serve' over HTTP for single rows and
# batches of 100, side by side with ML.NET's PredictionEngine called in process (the limit) in the same run, with and
# without the prediction log (two servers driven in turn, ROUNDS rounds in ABBA order, the median ratio reported); then 32 clients for 30 s with an alias switch a third of the way in: errors, which
# versions answered, and every answered request counted in the prediction log's Arrow batches (logged exactly once?).
#
#   bash bench/serve.sh
#
# The server is the JIT build of the CLI (ML.NET does not run under Native AOT), started with 'dotnet ariadne.dll';
# the load client is bench/serve/Ariadne.Bench.Serve.csproj (plain HttpClient), built here in Release. Both share this
# machine's cores, so the HTTP figures include the client's own CPU. Next to the throughput, the report gives each
# server's CPU per row (from /proc) and the log's own cost as the server with the log counts it on /metrics (the copy on
# the request threads and the writer thread's CPU, as a share of the process's CPU over the same seconds): one process
# and one interval, so much less disturbed by the machine's noise than a throughput ratio between two servers.
# For batches it also gives both servers' CPU per row by kind of thread (/proc/PID/task): the request threads, the log's
# writer, the garbage collector's background thread and the store's SQLite thread, which /metrics does not count.
#
# PROFILE=1 bash bench/serve.sh instead times the prediction log's own parts in process (no server, no HTTP): copying a
# request's rows into the log's columns and writing them as an Arrow file, per row, for requests of 100 rows and of one row.
# ROWS_PER_FILE (50000) sets the rows of each file there; next to the best pass it gives the mean of the second half of
# the passes, which includes the collections the files cause.
#
# Knobs (environment): BENCH_DIR (/tmp/ariadne-bench-serve), SECONDS_EACH (10), CLIENTS (16), LOAD_SECONDS (30),
# ROUNDS (4), CONFIGURATION (Release), SKIP_BUILD (1: use the builds already in bin/$CONFIGURATION).
# Prints a Markdown table and writes it to bench/out/serve-<date>.md (bench/out is git-ignored).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/ariadne-bench-serve}
SECONDS_EACH=${SECONDS_EACH:-10}
CLIENTS=${CLIENTS:-16}
LOAD_SECONDS=${LOAD_SECONDS:-30}
ROUNDS=${ROUNDS:-4}
CONFIGURATION=${CONFIGURATION:-Release}
OUT_DIR=$REPO/bench/out
REPORT=$OUT_DIR/serve-$(date +%Y-%m-%d).md

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
[[ $BENCH_DIR == /* && $BENCH_DIR != / ]] || { log "BENCH_DIR must be an absolute path other than /"; exit 1; }
case "$BENCH_DIR/" in "$REPO"/*) log "BENCH_DIR must not be inside the repository"; exit 1 ;; esac

mkdir -p "$OUT_DIR"
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
log "building the CLI and the load client ($CONFIGURATION)"
dotnet build "$REPO/src/Ariadne.Cli" -c "$CONFIGURATION" -v q -nologo >"$OUT_DIR/serve-cli-build.log" 2>&1 || { cat "$OUT_DIR/serve-cli-build.log"; exit 1; }
dotnet build "$REPO/bench/serve/Ariadne.Bench.Serve.csproj" -c "$CONFIGURATION" -v q -nologo >"$OUT_DIR/serve-bench-build.log" 2>&1 || { cat "$OUT_DIR/serve-bench-build.log"; exit 1; }
rm -f "$OUT_DIR/serve-cli-build.log" "$OUT_DIR/serve-bench-build.log"
fi

if [[ ${PROFILE:-0} == 1 ]]; then
  dotnet "$REPO/bench/serve/bin/$CONFIGURATION/net10.0/Ariadne.Bench.Serve.dll" --profile-log "${ITERATIONS:-300}"
  exit 0
fi

rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR" "$OUT_DIR"
ARIADNE_DLL=$REPO/src/Ariadne.Cli/bin/$CONFIGURATION/net10.0/ariadne.dll
# The repository root is found from the load client's folder (examples/penguins/data/penguins.json is read there).
dotnet "$REPO/bench/serve/bin/$CONFIGURATION/net10.0/Ariadne.Bench.Serve.dll" "$ARIADNE_DLL" "$BENCH_DIR/ws" "$SECONDS_EACH" "$CLIENTS" "$LOAD_SECONDS" "$ROUNDS" | tee "$REPORT"
log "report: $REPORT"
rm -rf "$BENCH_DIR"
