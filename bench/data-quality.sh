#!/usr/bin/env bash
# Data-quality benchmark (issue 6): Ariadne's profile, schema validation and drift tests on three million rows, side
# by side with what users would otherwise run (pandas 1.5 + SciPy 1.10 from Debian, doing the same work the way
# Evidently does it), all measured in the same run.
#
#   bash bench/data-quality.sh [path/to/flights-3m.parquet]
#
# What it does:
#   1. Splits flights-3m.parquet (3,000,000 rows: date, delay, distance, origin, destination) into two CSV halves with
#      'ariadne data split --ratios 0.5,0.5' (seeded by row content): reference.csv and current.csv, 1.5M rows each.
#      pandas reads these (Debian has no pyarrow, so pandas cannot read the Parquet file itself).
#   2. Ariadne (Native AOT binary): 'data profile' of the Parquet file; 'data schema infer' + 'data validate' of the
#      Parquet file; 'data drift reference.csv current.csv' (Evidently's test choice: Wasserstein for the numeric
#      columns, Jensen-Shannon for the categorical ones, at 1.5M rows a side).
#   3. Python peer: pandas read_csv + describe/quantiles/nunique/value_counts/histograms (profile); dtype, null, range,
#      category and uniqueness checks (validate); scipy.stats.wasserstein_distance / np.std and
#      scipy.spatial.distance.jensenshannon over value shares per column, as Evidently computes them (drift).
#   4. A figure comparable with "3M rows x 1,000 columns": 'data drift' of the Parquet file against itself on its two
#      numeric columns (3M values a side), divided by two, times 1,000.
#
# Every time is the median of RUNS (3) runs; peak memory is the largest max RSS (/usr/bin/time) over them.
# Knobs: BENCH_DIR (/tmp/ariadne-bench-quality), RUNS (3), ARIADNE (binary; default: build .bin/ariadne), PYTHON
# (/usr/bin/python3), KEEP (0). Prints a Markdown report and writes it to bench/out/data-quality-<date>.md.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA=${1:-$REPO/../shared/datasets/flights-3m.parquet}
BENCH_DIR=${BENCH_DIR:-/tmp/ariadne-bench-quality}
RUNS=${RUNS:-3}
PYTHON=${PYTHON:-/usr/bin/python3}
KEEP=${KEEP:-0}
[ -f "$DATA" ] || { echo "No data file '$DATA'. Pass the path of flights-3m.parquet." >&2; exit 2; }
DATA=$(cd "$(dirname "$DATA")" && pwd)/$(basename "$DATA")
if [ -z "${ARIADNE:-}" ]; then ARIADNE_WAIT_FOR_AOT=1 "$REPO/ariadne" --version >/dev/null; ARIADNE=$REPO/.bin/ariadne; fi
"$PYTHON" -c 'import pandas, scipy' 2>/dev/null || { echo "Needs $PYTHON with pandas and scipy (apt-get install python3-pandas python3-scipy)." >&2; exit 2; }

rm -rf "$BENCH_DIR"; mkdir -p "$BENCH_DIR" "$REPO/bench/out"
cd "$BENCH_DIR"
ROWS=$("$ARIADNE" data profile "$DATA" --json | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["rows"])')

# measure NAME CMD...: median wall seconds and max peak RSS (MiB) over RUNS runs; the command's own exit code may be
# 0 or 1 (drift found / invalid), anything else stops the benchmark.
declare -A WALL PEAK
measure() {
  local name=$1; shift
  local walls=() peak=0
  for _ in $(seq "$RUNS"); do
    set +e
    /usr/bin/time -f '%e %M' -o "$BENCH_DIR/time.txt" "$@" >"$BENCH_DIR/$name.out" 2>"$BENCH_DIR/$name.err"
    local rc=$?
    set -e
    if [ $rc -gt 1 ]; then echo "$name failed ($rc):" >&2; cat "$BENCH_DIR/$name.err" >&2; exit 1; fi
    read -r wall kib < <(tail -1 "$BENCH_DIR/time.txt")
    walls+=("$wall"); [ "$kib" -gt "$peak" ] && peak=$kib
  done
  WALL[$name]=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  PEAK[$name]=$((peak / 1024))
  echo "  $name: ${WALL[$name]} s, ${PEAK[$name]} MiB" >&2
}

echo "Preparing CSV halves..." >&2
measure split "$ARIADNE" data split "$DATA" --ratios 0.5,0.5 --names reference,current --seed 1 --sealed none -o "$BENCH_DIR/halves"
REF=$BENCH_DIR/halves/reference.csv
CUR=$BENCH_DIR/halves/current.csv
"$ARIADNE" data schema infer "$DATA" -o "$BENCH_DIR/schema.yaml" >/dev/null

cat > "$BENCH_DIR/peer.py" <<'PY'
import sys, time
import numpy as np, pandas as pd
from scipy import stats
from scipy.spatial import distance

task, ref_path, cur_path = sys.argv[1], sys.argv[2], sys.argv[3]
if task == "profile":
    df = pd.concat([pd.read_csv(ref_path), pd.read_csv(cur_path)], ignore_index=True)
    out = {}
    for c in df.columns:
        s = df[c]
        info = {"count": int(s.count()), "nulls": int(s.isna().sum()), "distinct": int(s.nunique())}
        if pd.api.types.is_numeric_dtype(s):
            v = s.dropna().to_numpy()
            info.update(min=v.min(), max=v.max(), mean=v.mean(), std=v.std(ddof=1), q=np.quantile(v, [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]),
                        hist=np.histogram(v, bins="sturges"))
        else:
            info["top"] = s.value_counts().head(10)
        out[c] = info
    print(len(df), "rows profiled")
elif task == "validate":
    df = pd.concat([pd.read_csv(ref_path), pd.read_csv(cur_path)], ignore_index=True)
    failures = 0
    failures += int(df["delay"].isna().sum() + df["distance"].isna().sum())
    failures += int(((df["delay"] < -1116) | (df["delay"] > 1688)).sum() + ((df["distance"] < 21) | (df["distance"] > 4962)).sum())
    failures += int((pd.to_datetime(df["date"], errors="coerce").isna()).sum())
    failures += int((~df["origin"].astype(str).str.fullmatch(r"[A-Z]{3}")).sum())
    print(len(df), "rows validated,", failures, "failures")
elif task == "drift":
    ref, cur = pd.read_csv(ref_path), pd.read_csv(cur_path)
    for c in ref.columns:
        r, k = ref[c].dropna(), cur[c].dropna()
        if pd.api.types.is_numeric_dtype(r) and pd.concat([r, k]).nunique() > 5:
            value = stats.wasserstein_distance(r, k) / max(np.std(r), 0.001)
            test = "wasserstein"
        else:
            keys = sorted(set(r.unique()) | set(k.unique()), key=str)
            rv, kv = r.value_counts(), k.value_counts()
            p = np.array([rv.get(x, 0) for x in keys]) / len(r)
            q = np.array([kv.get(x, 0) for x in keys]) / len(k)
            value = distance.jensenshannon(p, q)
            test = "jensenshannon"
        print(c, test, value)
PY

echo "Ariadne..." >&2
measure profile "$ARIADNE" data profile "$DATA"
measure validate "$ARIADNE" data validate "$DATA" --schema "$BENCH_DIR/schema.yaml"
measure drift "$ARIADNE" data drift "$REF" "$CUR" -o "$BENCH_DIR/report"
measure drift_wide "$ARIADNE" data drift "$DATA" "$DATA" --columns delay,distance -o "$BENCH_DIR/report-wide"
echo "pandas + SciPy..." >&2
measure py_profile "$PYTHON" "$BENCH_DIR/peer.py" profile "$REF" "$CUR"
measure py_validate "$PYTHON" "$BENCH_DIR/peer.py" validate "$REF" "$CUR"
measure py_drift "$PYTHON" "$BENCH_DIR/peer.py" drift "$REF" "$CUR"

rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.2f M rows/s", n / s / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }
PER_COLUMN=$(awk -v s="${WALL[drift_wide]}" 'BEGIN { printf "%.2f", s / 2 }')
WIDE_MIN=$(awk -v s="${WALL[drift_wide]}" 'BEGIN { printf "%.0f", s / 2 * 1000 / 60 }')
REPORT=$REPO/bench/out/data-quality-$(date -u +%Y%m%d-%H%M).md
{
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, load average at start $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo "Data: $(basename "$DATA"), $ROWS rows x 5 columns (date, delay, distance, origin, destination); halves of 1.5M rows as CSV."
  echo "Ariadne: Native AOT binary; peer: Python $("$PYTHON" -c 'import sys,pandas,scipy,numpy; print(sys.version.split()[0], "pandas", pandas.__version__, "scipy", scipy.__version__, "numpy", numpy.__version__)'). Median of $RUNS runs; peak = max RSS."
  echo
  echo "| task | Ariadne | rows/s | peak | pandas + SciPy | peak | pandas / Ariadne |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  echo "| profile 3M rows (Ariadne: Parquet; peer: two CSV halves) | ${WALL[profile]} s | $(rate "$ROWS" "${WALL[profile]}") | ${PEAK[profile]} MiB | ${WALL[py_profile]} s | ${PEAK[py_profile]} MiB | $(ratio "${WALL[py_profile]}" "${WALL[profile]}") |"
  echo "| validate 3M rows (inferred schema: 22 checks; peer: 8 checks) | ${WALL[validate]} s | $(rate "$ROWS" "${WALL[validate]}") | ${PEAK[validate]} MiB | ${WALL[py_validate]} s | ${PEAK[py_validate]} MiB | $(ratio "${WALL[py_validate]}" "${WALL[validate]}") |"
  echo "| drift 1.5M vs 1.5M rows, 5 columns (CSV) | ${WALL[drift]} s | $(rate "$ROWS" "${WALL[drift]}") | ${PEAK[drift]} MiB | ${WALL[py_drift]} s | ${PEAK[py_drift]} MiB | $(ratio "${WALL[py_drift]}" "${WALL[drift]}") |"
  echo "| split 3M rows into two CSV parts (+ assignments, hashes) | ${WALL[split]} s | $(rate "$ROWS" "${WALL[split]}") | ${PEAK[split]} MiB | | | |"
  echo
  echo "Wide figure: drift of 3M vs 3M rows on the 2 numeric columns (Parquet read, Wasserstein) took ${WALL[drift_wide]} s, ${PEAK[drift_wide]} MiB peak:"
  echo "about $PER_COLUMN s per numeric column, so 3M rows x 1,000 numeric columns would take about $WIDE_MIN minutes on this machine (linear extrapolation; not run)."
} | tee "$REPORT"
echo "Written to $REPORT" >&2
[ "$KEEP" = 1 ] || rm -rf "$BENCH_DIR"
