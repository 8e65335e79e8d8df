#!/usr/bin/env bash
# ML.NET autologging benchmark (issue 19): the penguins training with and without autolog, side by side.
#
#   bash bench/autolog.sh
#
# bench/autolog (Release) runs the penguins example's training (30 L-BFGS fits of the example's pipeline, each
# evaluated on train and validation, the last saved as model.zip) on the raw penguins data (examples/penguins/data):
# once logging by hand as the example does (params, four metrics per step), once through ML.NET autologging (the
# evaluations through autolog, the last fit through FitAsync: pipeline, every option, seed, schema, data hash, model
# artifact and schema). Both in one process, alternating in pairs (which goes first alternates too), after one warm-up of each; system
# metrics off in both. The figure is the median over the pairs of the ratio autolog / by hand.
# Target: autologging adds under 5 %.
#
# PROFILE=1: instead, time each part of FitAsync on its own (reflection, params, input, Model.Save, zip dates, cache
# and store writes, metric points), RUNS repetitions each (default then 30), and print that table.
#
# Knobs (environment): SKIP_BUILD (1: use the bench already built in $BENCH_DIR.bin), RUNS (pairs, 9), BENCH_DIR (/tmp/ariadne-bench-autolog), ARIADNE (the command that runs
# 'ariadne init', e.g. "dotnet tests/Ariadne.Tests/bin/Debug/net10.0/ariadne.dll"; default: the Release build of the CLI).
# Prints a Markdown report and writes it to bench/out/autolog-<date>.md (bench/out is git-ignored).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/ariadne-bench-autolog}
RUNS_SET=${RUNS:-}
RUNS=${RUNS:-9}
OUT_DIR=$REPO/bench/out
REPORT=$OUT_DIR/autolog-$(date +%Y-%m-%d).md
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
[[ $BENCH_DIR == /* && $BENCH_DIR != / ]] || { log "BENCH_DIR must be an absolute path other than /"; exit 1; }

log "building bench/autolog (Release)"
[[ ${SKIP_BUILD:-0} == 1 ]] || dotnet build "$REPO/bench/autolog/Ariadne.Bench.Autolog.csproj" -c Release -v q -nologo -o "$BENCH_DIR.bin" >/dev/null
if [[ -n ${ARIADNE:-} ]]; then
  read -r -a BIN <<<"$ARIADNE"
else
  dotnet build "$REPO/src/Ariadne.Cli/Ariadne.Cli.csproj" -c Release -v q -nologo >/dev/null
  BIN=(dotnet "$REPO/src/Ariadne.Cli/bin/Release/net10.0/ariadne.dll")
fi
rm -rf "$BENCH_DIR" && mkdir -p "$BENCH_DIR"
(cd "$BENCH_DIR" && git init -q . && "${BIN[@]}" init >/dev/null)

if [[ ${PROFILE:-0} == 1 ]]; then
  log "profiling FitAsync's parts"
  RESULT=$(dotnet "$BENCH_DIR.bin/Ariadne.Bench.Autolog.dll" "$BENCH_DIR" "$REPO/examples/penguins/data/penguins.json" "${RUNS_SET:-30}" profile)
  mkdir -p "$OUT_DIR"
  { echo "## ML.NET autologging, FitAsync profiled ($(date +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"; echo; echo "$RESULT"; } | tee "$OUT_DIR/autolog-profile-$(date +%Y-%m-%d).md"
  exit 0
fi

log "training, $RUNS pairs"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
RESULT=$(dotnet "$BENCH_DIR.bin/Ariadne.Bench.Autolog.dll" "$BENCH_DIR" "$REPO/examples/penguins/data/penguins.json" "$RUNS")
mkdir -p "$OUT_DIR"
{
  echo "## ML.NET autologging ($(date +%Y-%m-%d), $(nproc) cores)"
  echo
  echo "Penguins training (30 fits, train and validation evaluated per fit, model saved), CPU and wall time per training, $RUNS pairs back to back (CPU time is the figure to read on a shared machine); load average before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg):"
  echo
  echo '```'
  echo "$RESULT"
  echo '```'
} | tee "$REPORT"
