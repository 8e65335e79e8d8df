#!/usr/bin/env bash
# Reproduce benchmark (issue 17): what 'ariadne reproduce' of the penguins training run spends on its setup (checks,
# git worktree at the recorded commit, diff, restore of the inputs by hash) against the run itself (the forced stages
# build .. train in the worktree), as the command reports them (setup_seconds, run_seconds in --json).
#
#   bash bench/reproduce.sh
#
# What it does: 'ariadne quickstart' makes the penguins project (its pipeline runs once, with tracking), then
# 'ariadne reproduce <train run> --json' runs RUNS times; every run must reproduce exactly (exit 0). Prints each
# figure, the medians and the load average, as Markdown, and writes bench/out/reproduce-<date>.md.
# Knobs: BENCH_DIR (/tmp/ariadne-bench-reproduce), RUNS (3), ARIADNE (command; default: ./ariadne of this checkout).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/ariadne-bench-reproduce}
RUNS=${RUNS:-3}
ARIADNE=${ARIADNE:-$REPO/ariadne}

rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR" "$REPO/bench/out"
cd "$BENCH_DIR"
echo "Making the penguins project (quickstart: build, pipeline, tracking)..." >&2
"$ARIADNE" quickstart demo >"$BENCH_DIR/quickstart.log" 2>&1
cd demo
train=$("$ARIADNE" runs list -e pipelines --json | python3 -c 'import json,sys; print(next(r["info"]["run_id"] for r in json.load(sys.stdin)["runs"] if r["info"]["run_name"] == "train"))')

setups=(); runs=()
for i in $(seq 1 "$RUNS"); do
  "$ARIADNE" reproduce "$train" --json >"$BENCH_DIR/reproduce-$i.json" 2>"$BENCH_DIR/reproduce-$i.log"
  read -r setup run reproduced < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["setup_seconds"], r["run_seconds"], r["reproduced"])' "$BENCH_DIR/reproduce-$i.json")
  [ "$reproduced" = "True" ] || { echo "reproduction $i did not reproduce" >&2; exit 1; }
  setups+=("$setup"); runs+=("$run")
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
report="$REPO/bench/out/reproduce-$(date -u +%Y%m%d-%H%M).md"
{
  echo "| reproduce of the penguins training run | median of $RUNS | each |"
  echo "| --- | --- | --- |"
  echo "| setup: checks, worktree, diff, restore of inputs | $(median "${setups[@]}") s | ${setups[*]} |"
  echo "| run: forced stages build .. train in the worktree | $(median "${runs[@]}") s | ${runs[*]} |"
  echo
  echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)."
} | tee "$report"
