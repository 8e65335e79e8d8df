#!/usr/bin/env bash
# Monitoring benchmark (issue 18): 'ariadne monitor run' over one window of 1,000,000 logged predictions with 10
# features (8 numeric, 2 categorical), side by side with pandas + SciPy computing the same statistics, in the same run.
#
#   bash bench/monitor.sh
#
# What it does:
#   1. bench/monitor (Release) writes a workspace with model "bench" v1 (@champion), reference.csv (100,000 training
#      rows) and one day of 1,000,000 predictions stored as serving stores them: 100 Arrow batches of 10,000 rows,
#      written by the prediction log's own writer, artifacts of a run in 'ariadne-serving'. f0..f2 drift by half a
#      standard deviation and c0 leans towards "red". It also writes the same rows as current.csv for pandas (Debian
#      has no pyarrow, so pandas cannot read Arrow or Parquet).
#   2. Ariadne: 'ariadne monitor run models:/bench@champion --reference reference.csv --window 1d --json' finds the
#      batches in the store, streams them column batch by column batch, tests the 10 features (Evidently's choice at a
#      100,000-row reference: Wasserstein distance normed by the reference's std for numbers, Jensen-Shannon distance
#      for categories), prediction drift, and stores the run with its metrics and report.
#   3. pandas + SciPy: read_csv of reference.csv and current.csv, per window (one day) the same tests:
#      scipy.stats.wasserstein_distance / np.std, scipy.spatial.distance.jensenshannon over value shares, and the
#      prediction's distribution against the first window.
# Every time is the median of RUNS (3) runs. Knobs: BENCH_DIR (/tmp/ariadne-bench-monitor), RUNS, ROWS (1000000),
# ARIADNE (command, may hold arguments such as 'dotnet path/ariadne.dll'; default: the repository's ./ariadne), PYTHON (/usr/bin/python3). Prints a Markdown report.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/ariadne-bench-monitor}
RUNS=${RUNS:-3}
ROWS=${ROWS:-1000000}
PYTHON=${PYTHON:-/usr/bin/python3}
ARIADNE=${ARIADNE:-$REPO/ariadne}
read -r -a ARIADNE_CMD <<< "$ARIADNE"
if ! "$PYTHON" -c 'import pandas, scipy' 2>/dev/null; then
  echo "Installing python3-pandas and python3-scipy (Debian)..." >&2
  apt-get install -y -q python3-pandas python3-scipy >/dev/null
fi

rm -rf "$BENCH_DIR"; mkdir -p "$BENCH_DIR"
echo "Preparing $ROWS logged predictions..." >&2
dotnet run -c Release --project "$REPO/bench/monitor" -- "$BENCH_DIR/ws" "$ROWS" >&2
cd "$BENCH_DIR/ws"

cat > "$BENCH_DIR/peer.py" <<'PY'
import sys, json
import numpy as np, pandas as pd
from scipy import stats
from scipy.spatial import distance

ref = pd.read_csv("reference.csv")
cur = pd.read_csv("current.csv")
day = 86_400_000
cur["window"] = cur["time"] // day * day
first = None
for start, w in cur.groupby("window"):
    out = {"rows": len(w)}
    drifted = 0
    for c in ref.columns:
        r, k = ref[c].dropna(), w["input." + c].dropna()
        if pd.api.types.is_numeric_dtype(r) and pd.concat([r, k]).nunique() > 5:
            value = stats.wasserstein_distance(r, k) / max(np.std(r), 0.001)
        else:
            keys = sorted(set(r.unique()) | set(k.unique()), key=str)
            rv, kv = r.value_counts(), k.value_counts()
            p = np.array([rv.get(x, 0) for x in keys]) / len(r)
            q = np.array([kv.get(x, 0) for x in keys]) / len(k)
            value = distance.jensenshannon(p, q)
        out["drift." + c] = value
        drifted += value >= 0.1
    out["drift_share"] = drifted / len(ref.columns)
    pred = w["prediction"].value_counts(normalize=True)
    first = pred if first is None else first
    keys = sorted(set(pred.index) | set(first.index))
    out["prediction_drift"] = distance.jensenshannon([first.get(x, 0) for x in keys], [pred.get(x, 0) for x in keys])
    print(json.dumps({k: float(v) for k, v in out.items()}))
PY

# measure NAME CMD...: median wall seconds and median CPU seconds (user + system) over RUNS runs. On a shared machine
# the CPU time is the steadier figure: wall time there mostly measures the other processes.
declare -A WALL CPU
measure() {
  local name=$1; shift
  local walls=() cpus=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %U %S' -o "$BENCH_DIR/time.txt" "$@" >"$BENCH_DIR/$name.out" 2>"$BENCH_DIR/$name.err" || { echo "$name failed:" >&2; cat "$BENCH_DIR/$name.err" >&2; exit 1; }
    read -r wall user sys < <(tail -1 "$BENCH_DIR/time.txt")
    walls+=("$wall"); cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')")
  done
  WALL[$name]=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  CPU[$name]=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "  $name: ${WALL[$name]} s wall, ${CPU[$name]} s CPU" >&2
}

echo "Ariadne..." >&2
measure ariadne "${ARIADNE_CMD[@]}" monitor run models:/bench@champion --reference reference.csv --window 1d --json
echo "pandas + SciPy..." >&2
measure pandas "$PYTHON" "$BENCH_DIR/peer.py"

"$PYTHON" - "$BENCH_DIR/ariadne.out" "$BENCH_DIR/pandas.out" <<'PY' >&2
import json, sys
report = json.load(open(sys.argv[1]))["report"]
w = report["windows"][0]
peer = json.loads(open(sys.argv[2]).readline())
for d in w["drift"]:
    print(f"  {d['feature']}: ariadne {d['test']} {d['statistic']:.6f}  pandas {float(peer['drift.' + d['feature']]):.6f}")
print(f"  drift_share: ariadne {w['drift_share']}  pandas {peer['drift_share']}")
PY

RATIO=$(awk -v a="${WALL[pandas]}" -v b="${WALL[ariadne]}" 'BEGIN { printf "%.1fx", a / b }')
CPU_RATIO=$(awk -v a="${CPU[pandas]}" -v b="${CPU[ariadne]}" 'BEGIN { printf "%.1fx", a / b }')
echo
echo "Machine: $(nproc) cores, load average at start $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC'). Median of $RUNS runs."
echo
echo "| one window of $ROWS logged predictions, 10 features | Ariadne 'monitor run' | pandas + SciPy | pandas / Ariadne |"
echo "| --- | ---: | ---: | ---: |"
echo "| wall time | ${WALL[ariadne]} s | ${WALL[pandas]} s | $RATIO |"
echo "| CPU time (user + system) | ${CPU[ariadne]} s | ${CPU[pandas]} s | $CPU_RATIO |"
