#!/usr/bin/env bash
# System metrics benchmark (issue 19): what the system/* sampler costs, end to end.
#
#   bash bench/system-metrics.sh
#
# 'ariadne run -- sleep SECONDS' twice, RUNS times each: with sampling every INTERVAL seconds (0.1: a sample every
# 100 ms, 100 times as often as the default 10 s) and with '--system-metrics off'. The ariadne process tree's CPU time
# (user + system, /usr/bin/time) of the two differ by what the sampler costs; divided by the number of samples it is
# the cost of one sample, and one sample per 10 s of that is the share of a core the default costs. The sampled run
# also starts the sampler's code (JIT compilation when ARIADNE is the JIT build), so the figure is an upper bound.
#
# Knobs (environment): RUNS (5), SECONDS_PER_RUN (20), INTERVAL (0.1), BENCH_DIR (/tmp/ariadne-bench-sysmetrics),
# ARIADNE (the command to run, e.g. "dotnet tests/Ariadne.Tests/bin/Debug/net10.0/ariadne.dll"; default: the Native
# AOT binary built through ./ariadne).
#
# Prints a Markdown report and writes it to bench/out/system-metrics-<date>.md (bench/out is git-ignored).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/ariadne-bench-sysmetrics}
RUNS=${RUNS:-5}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
INTERVAL=${INTERVAL:-0.1}
OUT_DIR=$REPO/bench/out
REPORT=$OUT_DIR/system-metrics-$(date +%Y-%m-%d).md

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
[[ $BENCH_DIR == /* && $BENCH_DIR != / ]] || die "BENCH_DIR must be an absolute path other than / (got '$BENCH_DIR')"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package 'time')"

if [[ -n ${ARIADNE:-} ]]; then
  read -r -a BIN <<<"$ARIADNE"
else
  log "building ariadne (Native AOT) through ./ariadne"
  ARIADNE_WAIT_FOR_AOT=1 "$REPO/ariadne" --help >/dev/null
  BIN=("$REPO/.bin/ariadne")
fi

rm -rf "$BENCH_DIR" && mkdir -p "$BENCH_DIR" && cd "$BENCH_DIR"
git init -q . && "${BIN[@]}" init >/dev/null

# CPU seconds (user + system) of one 'ariadne run' with the given sampling setting.
cpu_seconds() {
  /usr/bin/time -f '%U %S' -o "$BENCH_DIR/time.txt" "${BIN[@]}" run --system-metrics "$1" -- sleep "$SECONDS_PER_RUN" >/dev/null 2>&1 || die "ariadne run failed"
  awk '{ printf "%.3f\n", $1 + $2 }' "$BENCH_DIR/time.txt"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

on=() off=()
for ((i = 1; i <= RUNS; i++)); do
  log "run $i of $RUNS"
  on+=("$(cpu_seconds "$INTERVAL")")
  off+=("$(cpu_seconds off)")
done

ON=$(printf '%s\n' "${on[@]}" | median)
OFF=$(printf '%s\n' "${off[@]}" | median)
SAMPLES=$(awk -v s="$SECONDS_PER_RUN" -v i="$INTERVAL" 'BEGIN { printf "%d", s / i }')
PER_SAMPLE_MS=$(awk -v a="$ON" -v b="$OFF" -v n="$SAMPLES" 'BEGIN { printf "%.3f", (a - b) * 1000 / n }')
SHARE=$(awk -v ms="$PER_SAMPLE_MS" 'BEGIN { printf "%.4f", ms / 10000 * 100 }')

mkdir -p "$OUT_DIR"
{
  echo "## System metrics sampler ($(date +%Y-%m-%d), $(nproc) cores, $(uname -r))"
  echo
  echo "'ariadne run -- sleep $SECONDS_PER_RUN', median CPU time of $RUNS runs (ariadne: ${BIN[*]})"
  echo
  echo "| sampling | CPU seconds (user + system) | runs |"
  echo "| --- | --- | --- |"
  echo "| every $INTERVAL s (about $SAMPLES samples) | $ON | ${on[*]} |"
  echo "| off | $OFF | ${off[*]} |"
  echo
  echo "One sample: $PER_SAMPLE_MS ms of CPU. At the default interval (10 s): $SHARE % of one core."
} | tee "$REPORT"
