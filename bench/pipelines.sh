#!/usr/bin/env bash
# Pipelines benchmark (issue 5): what 'ariadne repro' costs when nothing changed, and per stage when stages run.
#
#   bash bench/pipelines.sh
#
# What it does, in one fresh git repository and workspace under BENCH_DIR:
#   1. No-op repro. 20,000 files of 1-8 KiB (seeded random sizes and content) in 100 folders under data/, one stage
#      that depends on data/ (and on a param), run once to fill ariadne.lock and the stat cache. Then 'ariadne repro'
#      with nothing changed, against a full re-hash of the same files by b3sum (Debian package; sha256sum when b3sum
#      is missing) in the same run: 'find data -type f -print0 | xargs -0 b3sum'. Also 'ariadne repro --dry-run'.
#   2. Per-stage overhead. STAGES (50) stages in a chain, each 'echo i > out/i.txt' with the previous output as its
#      dependency. 'ariadne repro --force' (every stage runs, tracked, outputs stored, lock rewritten per stage)
#      against running the same commands one after another with 'sh -c' from one shell loop. The difference divided
#      by the number of stages is the overhead per stage (it includes starting the ariadne process once).
#
# Every timed number is the median of RUNS (5) runs, with the files in the page cache.
# Knobs (environment): BENCH_DIR (/tmp/ariadne-bench-pipelines, outside the repository), RUNS (5), FILES (20000),
# STAGES (50), KEEP (0: delete BENCH_DIR at the end), ARIADNE (a binary to use instead of building .bin/ariadne).
#
# Prints a Markdown report and writes it to bench/out/pipelines-<date>.md (bench/out is git-ignored).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/ariadne-bench-pipelines}
RUNS=${RUNS:-5}
FILES=${FILES:-20000}
STAGES=${STAGES:-50}
KEEP=${KEEP:-0}
OUT_DIR=$REPO/bench/out
REPORT=$OUT_DIR/pipelines-$(date +%Y-%m-%d).md

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

[[ $BENCH_DIR == /* && $BENCH_DIR != / ]] || die "BENCH_DIR must be an absolute path other than / (got '$BENCH_DIR')"
case "$BENCH_DIR/" in "$REPO"/*) die "BENCH_DIR ($BENCH_DIR) must not be inside the repository ($REPO)" ;; esac
wipe() { [[ -e $1 ]] || return 0; chmod -R u+w "$1" 2>/dev/null || true; rm -rf "$1"; }

if [[ -n ${ARIADNE:-} ]]; then
  BIN=$ARIADNE
else
  log "building ariadne (Native AOT) through ./ariadne"
  ARIADNE_WAIT_FOR_AOT=1 "$REPO/ariadne" --help >/dev/null
  BIN=$REPO/.bin/ariadne
fi
HASHER=b3sum
command -v b3sum >/dev/null 2>&1 || HASHER=sha256sum

# Milliseconds a command takes (its output discarded); fails the script when the command fails.
time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || die "failed: $*"
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

# Median of RUNS timings of a command.
median_ms() {
  local values=() i
  for ((i = 0; i < RUNS; i++)); do values+=("$(time_ms "$@")"); done
  printf '%s\n' "${values[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date +%s)
wipe "$BENCH_DIR"
mkdir -p "$BENCH_DIR/noop" "$BENCH_DIR/chain" "$OUT_DIR"

# ---------------------------------------------------------------------------------------------------------------------
# 1. No-op repro over 20,000 dependency files
# ---------------------------------------------------------------------------------------------------------------------
cd "$BENCH_DIR/noop"
git init -q . && git config user.email bench@example.invalid && git config user.name Bench
"$BIN" init >/dev/null
log "writing $FILES files"
python3 - "$FILES" <<'PY'
import os, random, sys
count = int(sys.argv[1]); rng = random.Random(42)
for i in range(count):
    folder = f"data/d{i % 100:03d}"
    os.makedirs(folder, exist_ok=True)
    with open(f"{folder}/f{i:06d}.bin", "wb") as f:
        f.write(rng.randbytes(rng.randint(1024, 8192)))
PY
DATA_MIB=$(du -sm data | cut -f1)
cat > params.yaml <<'YAML'
train:
  lr: 0.01
YAML
cat > ariadne.yaml <<'YAML'
stages:
  count:
    cmd: find data -type f | wc -l > count.txt
    deps: [data]
    params: [train.lr]
    outs: [count.txt]
YAML
log "first repro (hashes every file, runs the stage)"
FIRST_MS=$(time_ms "$BIN" repro)
[[ $(tr -d ' ' < count.txt) == "$FILES" ]] || die "the stage did not count $FILES files"
"$BIN" repro | grep -q "Everything is up to date." || die "a second repro was not a no-op"
log "no-op repro, dry run and $HASHER, $RUNS times each"
find data -type f -print0 | xargs -0 cat >/dev/null   # page cache
NOOP_MS=$(median_ms "$BIN" repro)
DRY_MS=$(median_ms "$BIN" repro --dry-run)
HASH_MS=$(median_ms sh -c "find data -type f -print0 | xargs -0 $HASHER")

# ---------------------------------------------------------------------------------------------------------------------
# 2. Per-stage overhead: a chain of trivial stages
# ---------------------------------------------------------------------------------------------------------------------
cd "$BENCH_DIR/chain"
git init -q . && git config user.email bench@example.invalid && git config user.name Bench
"$BIN" init >/dev/null
mkdir -p out
echo seed > out/0.txt
{
  echo "stages:"
  for ((i = 1; i <= STAGES; i++)); do
    printf '  s%03d:\n    cmd: echo %d > out/%d.txt\n    deps: [out/%d.txt]\n    outs: [out/%d.txt]\n' "$i" "$i" "$i" "$((i - 1))" "$i"
  done
} > ariadne.yaml
# out/0.txt is plain input; stage s001 reads it.
"$BIN" repro >/dev/null || die "first chain repro failed"
log "chain of $STAGES stages: repro --force against the commands run directly, $RUNS times each"
FORCE_MS=$(median_ms "$BIN" repro --force)
cat > "$BENCH_DIR/direct.sh" <<SH
cd "$BENCH_DIR/chain"
for i in \$(seq 1 $STAGES); do sh -c "echo \$i > out/direct-\$i.txt"; done
SH
DIRECT_MS=$(median_ms sh "$BENCH_DIR/direct.sh")
CHAIN_NOOP_MS=$(median_ms "$BIN" repro)
PER_STAGE_MS=$(python3 -c "print(f'{($FORCE_MS - $DIRECT_MS) / $STAGES:.1f}')")
RATIO=$(python3 -c "print(f'{$NOOP_MS / max($HASH_MS, 1):.2f}')")

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
TOOK=$(($(date +%s) - STARTED))
{
  echo "### Results, $(date -u '+%Y-%m-%d %H:%M') UTC (run took $TOOK s)"
  echo
  echo "Ariadne $(git -C "$REPO" rev-parse --short HEAD), Native AOT binary. Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -n 1)), $(free -h | awk '/^Mem:/ { print $2 }') memory, kernel $(uname -r), /tmp on $(df -T /tmp | awk 'NR == 2 { print $2 }')."
  echo "Load average (1, 5, 15 min) before the run: $LOAD_BEFORE; after: $LOAD_AFTER (other work on a shared machine shows here)."
  echo "Median of $RUNS runs each; $HASHER $($HASHER --version 2>/dev/null | head -n 1 | awk '{ print $NF }')."
  echo
  echo "#### 1. No-op repro, one stage depending on $FILES files ($DATA_MIB MiB on disk) in 100 folders"
  echo
  echo "| What | ms |"
  echo "|---|---:|"
  echo "| first 'ariadne repro' (hashes every file, runs the stage, stores the output, tracked) | $FIRST_MS |"
  echo "| 'ariadne repro', nothing changed | $NOOP_MS |"
  echo "| 'ariadne repro --dry-run', nothing changed | $DRY_MS |"
  echo "| full re-hash: find data -type f -print0 \\| xargs -0 $HASHER | $HASH_MS |"
  echo
  echo "No-op repro / full re-hash: $RATIO."
  echo
  echo "#### 2. Overhead per stage, a chain of $STAGES trivial stages (echo i > out/i.txt)"
  echo
  echo "| What | ms |"
  echo "|---|---:|"
  echo "| 'ariadne repro --force' (all $STAGES stages run, each a tracked child run, outputs stored, lock written after each) | $FORCE_MS |"
  echo "| the same $STAGES commands through sh -c from one shell loop | $DIRECT_MS |"
  echo "| 'ariadne repro', nothing changed | $CHAIN_NOOP_MS |"
  echo
  echo "Overhead per stage: ($FORCE_MS - $DIRECT_MS) / $STAGES = $PER_STAGE_MS ms."
} | tee "$REPORT"
log "report written to $REPORT"
[[ $KEEP == 1 ]] || wipe "$BENCH_DIR"
