#!/usr/bin/env bash
# Data-versioning benchmark (issue 2): Ariadne side by side with b3sum, md5sum, git, git-lfs, git-annex and DataLad,
# all measured in the same run on the same files.
#
#   bash bench/data-versioning.sh
#
# What it does:
#   1. 4 files of 512 MiB random data: b3sum, md5sum, 'ariadne add', 'git annex add', git lfs add+commit, 'datalad save'.
#   2. 20,000 files of 1-8 KiB (seeded random sizes and content) in 100 folders: 'ariadne add', git add+commit,
#      git lfs add+commit, 'git annex add' (datalad only with SMALL_DATALAD=1: it takes minutes).
#   3. Same 20,000 files, nothing changed: 'ariadne status', 'git status', 'git annex status'; then 10 files touched
#      (mtime only) and 'ariadne status' again, with a check (strace) that only those 10 files are read.
#   4. Peak memory (max RSS, /usr/bin/time) of 'ariadne add' and 'ariadne status' for 20,000 and 200,000 small files.
#
# Every timed number is the median of RUNS runs (3), with the input in the page cache and each add starting from a
# fresh workspace (a hard-linked copy of the data, so the data itself is never rewritten). A peer whose first run
# takes longer than SLOW_S seconds is run once only; the table says so.
#
# Knobs (environment): BENCH_DIR (/tmp/ariadne-bench, must not be inside the repository), RUNS (3), SLOW_S (60),
# BIG_COUNT (4), BIG_MIB (512), SMALL_COUNT (20000), HUGE_COUNT (200000), SMALL_DATALAD (0), KEEP (0: delete BENCH_DIR
# at the end), ARIADNE (a binary to use instead of building .bin/ariadne with Native AOT).
#
# Prints a Markdown report and writes it to bench/out/data-versioning-<date>.md (bench/out is git-ignored).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/ariadne-bench}
RUNS=${RUNS:-3}
SLOW_S=${SLOW_S:-60}
BIG_COUNT=${BIG_COUNT:-4}
BIG_MIB=${BIG_MIB:-512}
SMALL_COUNT=${SMALL_COUNT:-20000}
SMALL_DIRS=100
HUGE_COUNT=${HUGE_COUNT:-200000}
HUGE_DIRS=1000
TOUCHED=10
SMALL_DATALAD=${SMALL_DATALAD:-0}
KEEP=${KEEP:-0}
OUT_DIR=$REPO/bench/out
STAMP=$(date +%Y-%m-%d)
REPORT=$OUT_DIR/data-versioning-$STAMP.md

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------------------------------------------------------------
# Safety and setup
# ---------------------------------------------------------------------------------------------------------------------

[[ $BENCH_DIR == /* && $BENCH_DIR != / ]] || die "BENCH_DIR must be an absolute path other than / (got '$BENCH_DIR')"
case "$BENCH_DIR/" in "$REPO"/*) die "BENCH_DIR ($BENCH_DIR) must not be inside the repository ($REPO)" ;; esac

# Removes a folder even when git-annex or Ariadne made parts of it read-only. git-annex can leave a helper writing
# into .git for a moment after it exits, so a failed rm is retried.
wipe() {
  local path=$1 try
  [[ -e $path ]] || return 0
  for try in 1 2 3 4 5; do
    chmod -R u+w "$path" 2>/dev/null || true
    rm -rf "$path" 2>/dev/null && return 0
    sleep 1
  done
  rm -rf "$path"
}

if [[ -e $BENCH_DIR ]]; then
  if [[ -e $BENCH_DIR/.ariadne-bench ]] || [[ -z $(ls -A "$BENCH_DIR") ]]; then
    wipe "$BENCH_DIR"
  else
    die "$BENCH_DIR exists and was not made by this script (no .ariadne-bench marker); remove it or set BENCH_DIR"
  fi
fi
mkdir -p "$BENCH_DIR" "$OUT_DIR"
touch "$BENCH_DIR/.ariadne-bench"
LOG=$BENCH_DIR/commands.log
: >"$LOG"

cleanup() {
  local rc=$?
  if [[ $rc -ne 0 ]]; then
    log "failed (exit $rc); last lines of $LOG:"
    tail -n 20 "$LOG" >&2 2>/dev/null || true
  fi
  if [[ $KEEP == 1 ]]; then
    log "KEEP=1: leaving $BENCH_DIR"
  else
    cd /
    wipe "$BENCH_DIR" || log "could not remove $BENCH_DIR"
  fi
}
trap cleanup EXIT

ensure_tools() {
  local -a missing=()
  have b3sum || missing+=(b3sum)
  have git || missing+=(git)
  have git-lfs || missing+=(git-lfs)
  have git-annex || missing+=(git-annex)
  have hyperfine || missing+=(hyperfine)
  have datalad || missing+=(datalad)
  have strace || missing+=(strace)
  have python3 || missing+=(python3)
  [[ -x /usr/bin/time ]] || missing+=(time)
  ((${#missing[@]})) || return 0
  if ! have apt-get; then
    log "missing ${missing[*]} and no apt-get: those tools are skipped"
    return 0
  fi
  local sudo=
  [[ $(id -u) -eq 0 ]] || sudo=sudo
  log "installing ${missing[*]} with apt-get"
  if ! $sudo apt-get install -y "${missing[@]}" >>"$BENCH_DIR/apt.log" 2>&1; then
    log "apt-get install failed; running apt-get update and trying again, one package at a time"
    $sudo apt-get update >>"$BENCH_DIR/apt.log" 2>&1 || true
    local p
    for p in "${missing[@]}"; do
      $sudo apt-get install -y "$p" >>"$BENCH_DIR/apt.log" 2>&1 || log "could not install $p: it is skipped"
    done
  fi
}

build_ariadne() {
  if [[ -n ${ARIADNE:-} ]]; then
    [[ -x $ARIADNE ]] || die "ARIADNE=$ARIADNE is not an executable"
    ARIADNE_BUILD="given as ARIADNE=$ARIADNE"
    return 0
  fi
  # ARIADNE_WAIT_FOR_AOT=1 ./ariadne builds .bin/ariadne (Native AOT for this CPU) when it is missing or older than the sources, and waits for it.
  log "building Ariadne with ./ariadne if the sources changed (a few minutes when it does)"
  if ! ARIADNE_WAIT_FOR_AOT=1 "$REPO/ariadne" --version >"$BENCH_DIR/publish.log" 2>&1; then
    tail -n 30 "$BENCH_DIR/publish.log" >&2
    die "building ariadne failed"
  fi
  ARIADNE=$REPO/.bin/ariadne
  ARIADNE_BUILD="./ariadne: dotnet publish -c Release -r linux-x64 -p:PublishAot=true -p:IlcInstructionSet=native"
}

# Git reads only this configuration (not ~/.gitconfig), so the user's settings and hooks stay out of the numbers.
setup_git() {
  export GIT_CONFIG_GLOBAL=$BENCH_DIR/gitconfig GIT_CONFIG_NOSYSTEM=1
  git config --global user.name "Ariadne bench"
  git config --global user.email "bench@example.invalid"
  git config --global init.defaultBranch main
  git config --global advice.addIgnoredFile false
  git config --global gc.auto 0
}

# ---------------------------------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------------------------------

now_ns() { date +%s%N; }

# median NS... -> seconds with 4 decimals
median() {
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.4f", m / 1e9 }'
}

# measure PREPARE RUN: RUNS times, PREPARE (untimed, output to the log) then RUN (timed, output to the log).
# Sets T (median seconds) and N (runs done); returns 1 with FAIL set when a step fails. Stops after one run when
# that run took longer than SLOW_S seconds.
measure() {
  local prepare=$1 run=$2 i t0 t1
  local -a times=()
  T= N=0 FAIL=
  for ((i = 1; i <= RUNS; i++)); do
    if ! "$prepare" >>"$LOG" 2>&1; then
      FAIL="setup ($prepare) failed"
      return 1
    fi
    echo "--- run $i: $run" >>"$LOG"
    t0=$(now_ns)
    if ! "$run" >>"$LOG" 2>&1; then
      FAIL="$run failed: $(tail -n 1 "$LOG" | cut -c1-120)"
      return 1
    fi
    t1=$(now_ns)
    times+=($((t1 - t0)))
    if ((t1 - t0 > SLOW_S * 1000000000)); then
      break
    fi
  done
  N=${#times[@]}
  T=$(median "${times[@]}")
}

# hyperfine_median DIR NAME COMMAND...: median seconds of COMMAND run in DIR (3 warm-up runs, 15 timed), in T.
hyperfine_median() {
  local dir=$1 name=$2
  shift 2
  local json=$BENCH_DIR/hyperfine-$name.json
  T= N=0 FAIL=
  if have hyperfine; then
    (cd "$dir" && hyperfine -N --style none --warmup 3 --runs 15 --export-json "$json" "$(printf '%q ' "$@")") \
      >>"$LOG" 2>&1 || { FAIL="hyperfine: $* failed"; return 1; }
    T=$(python3 -c 'import json, sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$json")
    N=15
  else
    # No hyperfine: the same idea by hand.
    local i t0 t1
    local -a times=()
    for ((i = 0; i < 18; i++)); do
      t0=$(now_ns)
      (cd "$dir" && "$@") >>"$LOG" 2>&1 || { FAIL="$* failed"; return 1; }
      t1=$(now_ns)
      ((i < 3)) || times+=($((t1 - t0)))
    done
    N=${#times[@]}
    T=$(median "${times[@]}")
  fi
}

# ---------------------------------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------------------------------

# Each section's rows: tool|seconds|runs|note. The first row of a section is its reference.
ROWS=$BENCH_DIR/rows
mkdir -p "$ROWS"
row() { printf '%s|%s|%s|%s\n' "$2" "$3" "$4" "${5:-}" >>"$ROWS/$1"; }
skip() { printf '%s|||%s\n' "$2" "$3" >>"$ROWS/$1"; }

# ratio A B: A/B with 2 decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
seconds_of() { awk -F'|' -v t="$2" '$1 == t { print $2; exit }' "$ROWS/$1"; }

table() {
  local section=$1 ref_tool ref
  ref_tool=$(head -n 1 "$ROWS/$section" | cut -d'|' -f1)
  ref=$(head -n 1 "$ROWS/$section" | cut -d'|' -f2)
  echo "| Tool | Seconds (median) | Runs | Ratio vs $ref_tool | Note |"
  echo "|---|---:|---:|---:|---|"
  local tool secs runs note
  while IFS='|' read -r tool secs runs note; do
    if [[ -z $secs ]]; then
      echo "| $tool | - | - | - | $note |"
    else
      echo "| $tool | $secs | $runs | $(ratio "$secs" "$ref") | $note |"
    fi
  done <"$ROWS/$section"
}

# ---------------------------------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------------------------------

DATA=$BENCH_DIR/data
WS=$BENCH_DIR/ws

make_big() {
  log "creating $BIG_COUNT files of $BIG_MIB MiB (seeded random content)"
  python3 - "$DATA/big" "$BIG_COUNT" "$BIG_MIB" <<'EOF'
import os, random, sys
folder, count, mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(folder, exist_ok=True)
for n in range(count):
    rng = random.Random(1000 + n)
    with open(os.path.join(folder, f"big-{n}.bin"), "wb") as f:
        for _ in range(mib):
            f.write(rng.randbytes(1 << 20))
EOF
}

# make_small FOLDER COUNT DIRS MIN MAX SEED: COUNT files of MIN..MAX bytes (seeded sizes and content) in DIRS folders.
make_small() {
  log "creating $2 files of $4-$5 bytes in $3 folders under $1"
  python3 - "$@" <<'EOF'
import os, random, sys
folder, count, dirs, low, high, seed = sys.argv[1], *map(int, sys.argv[2:])
rng = random.Random(seed)
width = len(str(dirs - 1)) + 1
for d in range(dirs):
    os.makedirs(os.path.join(folder, f"d{d:0{width}d}"), exist_ok=True)
for i in range(count):
    size = rng.randint(low, high)
    with open(os.path.join(folder, f"d{i % dirs:0{width}d}", f"f{i:06d}.bin"), "wb") as f:
        f.write(rng.randbytes(size))
EOF
}

# Reads every file once so that all timings start from the page cache.
warm() { find "$1" -type f -print0 | xargs -0 cat >/dev/null; }

# fresh NAME SUBJECT: an empty workspace $WS/NAME holding a hard-linked copy of $DATA/SUBJECT (instant, no data
# written). Ariadne's hard links and git-annex's locking make shared inodes read-only: write access is given back
# first. sync: the previous tool's writes are on disk before the next one is timed.
fresh() {
  local name=$1 subject=$2
  wipe "$WS/$name" &&
    chmod -R u+w "$DATA/$subject" &&
    mkdir -p "$WS/$name" &&
    cp -al "$DATA/$subject" "$WS/$name/$subject" &&
    sync &&
    cd "$WS/$name"
}

# ---------------------------------------------------------------------------------------------------------------------
# The tools. Each prepare_* makes a fresh workspace and cds into it; each run_* is the timed command.
# ---------------------------------------------------------------------------------------------------------------------

SUBJECT=
run_b3sum() { cd "$DATA" && b3sum "$SUBJECT"/* >/dev/null; }
run_md5sum() { cd "$DATA" && md5sum "$SUBJECT"/* >/dev/null; }
prepare_none() { cd "$DATA"; }

prepare_ariadne() { fresh ariadne-"$SUBJECT" "$SUBJECT" && git init -q && "$ARIADNE" init; }
run_ariadne_add() { "$ARIADNE" add "$SUBJECT/"; }

prepare_git() { fresh git-"$SUBJECT" "$SUBJECT" && git init -q; }
run_git_commit() { git add -A && git commit -q -m bench; }

prepare_lfs() {
  fresh lfs-"$SUBJECT" "$SUBJECT" && git init -q && git lfs install --local && git lfs track "$SUBJECT/**"
}
run_lfs_commit() { git add -A && git commit -q -m bench; }

prepare_annex() { fresh annex-"$SUBJECT" "$SUBJECT" && git init -q && git annex init -q bench; }
run_annex_add() { git annex add --quiet "$SUBJECT"; }

prepare_datalad() { fresh datalad-"$SUBJECT" "$SUBJECT" && datalad create --force . ; }
run_datalad_save() { datalad save -m bench; }

# usable TOOL: says why a peer cannot run here (empty when it can).
usable() {
  local probe=$BENCH_DIR/probe-$1
  wipe "$probe"
  mkdir -p "$probe"
  echo probe >"$probe/file"
  local why=
  case $1 in
    b3sum | md5sum | hyperfine | strace) have "$1" || why="$1 is not installed" ;;
    git-lfs)
      if ! have git-lfs; then why="git-lfs is not installed"
      elif ! (cd "$probe" && git init -q && git lfs install --local && git lfs track file && git add -A &&
        git commit -q -m probe) >>"$LOG" 2>&1; then why="git lfs does not work here (see the log)"; fi ;;
    git-annex)
      if ! have git-annex; then why="git-annex is not installed"
      elif ! (cd "$probe" && git init -q && git annex init -q probe && git annex add --quiet file) >>"$LOG" 2>&1
      then why="git annex does not work here (see the log)"; fi ;;
    datalad)
      if ! have datalad; then why="datalad is not installed"
      elif ! (cd "$probe" && datalad create --force . && datalad save -m probe) >>"$LOG" 2>&1
      then why="datalad does not work here (see the log)"; fi ;;
  esac
  wipe "$probe"
  printf '%s' "$why"
}

# timed SECTION LABEL PREPARE RUN [NOTE]: measures and records one row, or records why it could not.
timed() {
  local section=$1 label=$2 prepare=$3 run=$4 note=${5:-}
  log "$section: $label"
  if measure "$prepare" "$run"; then
    local extra=
    ((N == RUNS)) || extra="first run took > ${SLOW_S} s, so it ran once"
    row "$section" "$label" "$T" "$N" "$note${note:+${extra:+; }}$extra"
    log "$section: $label: ${T} s (median of $N)"
  else
    skip "$section" "$label" "failed: $FAIL"
    log "$section: $label failed: $FAIL"
  fi
  cd "$BENCH_DIR"
}

# peer SECTION LABEL TOOL PREPARE RUN [NOTE]: timed, when TOOL works here.
peer() {
  local why
  why=$(usable "$3")
  if [[ -n $why ]]; then
    skip "$1" "$2" "skipped: $why"
    log "$1: $2 skipped: $why"
  else
    timed "$1" "$2" "$4" "$5" "${6:-}"
  fi
}

# ---------------------------------------------------------------------------------------------------------------------
# Run
# ---------------------------------------------------------------------------------------------------------------------

START=$(date +%s)
ensure_tools
have python3 || die "python3 is needed to create the data"
have git || die "git is needed"
build_ariadne
setup_git
ARIADNE_VERSION=$("$ARIADNE" --version 2>/dev/null | head -n 1 || echo unknown)
log "ariadne: $ARIADNE ($ARIADNE_VERSION, $ARIADNE_BUILD)"

# 1. Big files ---------------------------------------------------------------------------------------------------------
S1=big
make_big
warm "$DATA/big"
SUBJECT=big
peer $S1 "b3sum (${BIG_COUNT} files)" b3sum prepare_none run_b3sum "reference; multi-threaded"
peer $S1 "md5sum" md5sum prepare_none run_md5sum "one thread"
timed $S1 "ariadne add big/" prepare_ariadne run_ariadne_add
# Hard link: the workspace file and its cache object are one inode. Otherwise the object is a reflink or a copy.
LINK_KIND="reflink or copy (the cache object is a separate inode)"
if [[ -n $(find "$WS/ariadne-big/.ariadne" -samefile "$WS/ariadne-big/big/big-0.bin" -print -quit 2>/dev/null) ]]; then
  LINK_KIND="hardlink (workspace file and cache object share an inode)"
fi
peer $S1 "git annex add big" git-annex prepare_annex run_annex_add "SHA256E backend, one job (defaults)"
peer $S1 "git lfs: git add -A && git commit" git-lfs prepare_lfs run_lfs_commit
peer $S1 "datalad save" datalad prepare_datalad run_datalad_save "dataset default: every file annexed, MD5E backend"
for w in ariadne-big annex-big lfs-big datalad-big; do wipe "$WS/$w"; done
wipe "$DATA/big"

# 2. Many small files --------------------------------------------------------------------------------------------------
S2=small
make_small "$DATA/small" "$SMALL_COUNT" "$SMALL_DIRS" 1024 8192 20000
warm "$DATA/small"
SUBJECT=small
timed $S2 "git add -A && git commit" prepare_git run_git_commit "reference"
timed $S2 "ariadne add small/" prepare_ariadne run_ariadne_add
peer $S2 "git lfs: git add -A && git commit" git-lfs prepare_lfs run_lfs_commit
peer $S2 "git annex add small" git-annex prepare_annex run_annex_add "SHA256E backend, one job (defaults)"
if [[ $SMALL_DATALAD == 1 ]]; then
  peer $S2 "datalad save" datalad prepare_datalad run_datalad_save
else
  skip $S2 "datalad save" "not run (takes minutes; SMALL_DATALAD=1 runs it)"
fi

# 3. Status, nothing changed, then 10 files touched ------------------------------------------------------------------
S3=status
log "$S3: committing the annexed files so that git annex status starts clean"
if [[ -d $WS/annex-small/.git ]]; then
  (cd "$WS/annex-small" && git commit -q -m bench) >>"$LOG" 2>&1 || true
fi
if hyperfine_median "$WS/git-small" git-status git status; then
  row $S3 "git status" "$T" "$N" "reference"
else
  skip $S3 "git status" "failed: $FAIL"
fi
if hyperfine_median "$WS/ariadne-small" ariadne-status "$ARIADNE" status; then
  row $S3 "ariadne status" "$T" "$N"
else
  skip $S3 "ariadne status" "failed: $FAIL"
fi
if [[ -d $WS/annex-small/.git ]] && hyperfine_median "$WS/annex-small" annex-status git annex status; then
  row $S3 "git annex status" "$T" "$N"
else
  skip $S3 "git annex status" "${FAIL:-skipped: no git-annex workspace}"
fi

# The same ten files each time, spread over ten folders; 'touch' gives them a new mtime, never new content.
mapfile -t TOUCH_LIST < <(cd "$WS/ariadne-small" && find small -type f -name '*.bin' | sort | awk -v n="$SMALL_COUNT" -v k="$TOUCHED" 'NR % int(n / k) == 1' | head -n "$TOUCHED")
prepare_touch() { cd "$WS/ariadne-small" && touch "${TOUCH_LIST[@]}"; }
run_ariadne_status() { "$ARIADNE" status; }
timed $S3 "ariadne status, ${#TOUCH_LIST[@]} files touched" prepare_touch run_ariadne_status "re-hashes the touched files"

# Which files does status read? openat calls on data files, with and without touched files.
REHASH_NOTE="not checked (strace is not available)"
if have strace; then
  opened() { # the data files a trace opened, relative to the workspace
    { grep -v -e O_DIRECTORY -e ENOENT "$1" || true; } | { grep -o '"[^"]*/small/[^"]*\.bin"' || true; } |
      tr -d '"' | sed "s|^$WS/ariadne-small/||" | sort -u
  }
  cd "$WS/ariadne-small"
  touch "${TOUCH_LIST[@]}"
  if strace -f -qq -e trace=openat -o "$BENCH_DIR/strace-touched.log" "$ARIADNE" status --json >"$BENCH_DIR/status-touched.json" 2>>"$LOG" &&
    strace -f -qq -e trace=openat -o "$BENCH_DIR/strace-clean.log" "$ARIADNE" status --json >"$BENCH_DIR/status-clean.json" 2>>"$LOG"; then
    READ_TOUCHED=$(opened "$BENCH_DIR/strace-touched.log" | wc -l)
    READ_CLEAN=$(opened "$BENCH_DIR/strace-clean.log" | wc -l)
    SAME=no
    if [[ $(opened "$BENCH_DIR/strace-touched.log") == "$(printf '%s\n' "${TOUCH_LIST[@]}" | sort -u)" ]]; then SAME=yes; fi
    STATE=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print("; ".join("%s: state=%s, modified=%d, added=%d, deleted=%d" % (o["path"], o["state"], len(o["modified"]), len(o["added"]), len(o["deleted"])) for o in d))' "$BENCH_DIR/status-touched.json")
    REHASH_NOTE="after touching ${#TOUCH_LIST[@]} files, 'ariadne status --json' opened $READ_TOUCHED data files (exactly the touched ones: $SAME) and reported \`$STATE\`; run again right after, it opened $READ_CLEAN"
  else
    REHASH_NOTE="not checked (strace could not trace ariadne here, see the log)"
  fi
  cd "$BENCH_DIR"
fi

# 4. Peak memory ---------------------------------------------------------------------------------------------------------
S4=memory
: >"$ROWS/$S4"
memory_row() { # LABEL FILES: runs the rest with /usr/bin/time in the current folder
  local label=$1 files=$2
  shift 2
  if [[ ! -x /usr/bin/time ]]; then
    printf '%s|%s|||skipped: /usr/bin/time is not installed\n' "$label" "$files" >>"$ROWS/$S4"
    return 0
  fi
  if /usr/bin/time -f '%M %e' -o "$BENCH_DIR/time.out" "$@" >>"$LOG" 2>&1; then
    local kb secs
    read -r kb secs <"$BENCH_DIR/time.out"
    printf '%s|%s|%s|%s|\n' "$label" "$files" "$secs" "$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')" >>"$ROWS/$S4"
    log "$S4: $label ($files files): $((kb / 1024)) MiB, $secs s"
  else
    printf '%s|%s|||failed\n' "$label" "$files" >>"$ROWS/$S4"
  fi
}
SUBJECT=small
prepare_ariadne >>"$LOG" 2>&1
memory_row "ariadne add small/" "$SMALL_COUNT" "$ARIADNE" add small/
memory_row "ariadne status" "$SMALL_COUNT" "$ARIADNE" status
cd "$BENCH_DIR"
for w in git-small lfs-small annex-small datalad-small ariadne-small; do wipe "$WS/$w"; done

make_small "$DATA/huge" "$HUGE_COUNT" "$HUGE_DIRS" 1024 1024 200000
warm "$DATA/huge"
SUBJECT=huge
prepare_ariadne >>"$LOG" 2>&1
memory_row "ariadne add huge/" "$HUGE_COUNT" "$ARIADNE" add huge/
memory_row "ariadne status" "$HUGE_COUNT" "$ARIADNE" status
memory_row "ariadne status (again)" "$HUGE_COUNT" "$ARIADNE" status
cd "$BENCH_DIR"
wipe "$WS/ariadne-huge"
wipe "$DATA/huge"

# ---------------------------------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------------------------------

goal() { # NAME VALUE LIMIT
  if [[ $2 == n/a || -z $2 ]]; then echo "- $1: **not measured**"
  elif awk -v v="$2" -v l="$3" 'BEGIN { exit !(v <= l) }'; then echo "- $1: $2 (goal <= $3): **met**"
  else echo "- $1: $2 (goal <= $3): **not met**"; fi
}
r_or_na() { if [[ -n $1 && -n $2 ]]; then ratio "$1" "$2"; else echo n/a; fi; }

R1=$(r_or_na "$(seconds_of $S1 "ariadne add big/")" "$(seconds_of $S1 "b3sum (${BIG_COUNT} files)")")
R2=$(r_or_na "$(seconds_of $S2 "ariadne add small/")" "$(seconds_of $S2 "git add -A && git commit")")
R3=$(r_or_na "$(seconds_of $S3 "ariadne status")" "$(seconds_of $S3 "git status")")
ELAPSED=$(($(date +%s) - START))
tool_version() { if have "$1"; then "$@" 2>/dev/null | head -n 1; else echo "not installed"; fi; }

{
  echo "# Data versioning benchmark, $(date '+%Y-%m-%d %H:%M %Z')"
  echo
  echo "Command: \`bash bench/data-versioning.sh\` (took ${ELAPSED} s). Median of $RUNS runs unless the Runs column says otherwise;"
  echo "input files in the page cache; each add starts from a fresh workspace (hard-linked copy of the data)."
  echo
  echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -n 1)), $(free -h | awk '/^Mem:/ { print $2 }') memory,"
  echo "kernel $(uname -r), $BENCH_DIR on $(df -T "$BENCH_DIR" | awk 'NR == 2 { print $2 }')."
  echo "Ariadne link kind observed: $LINK_KIND. Ariadne binary: $ARIADNE_BUILD."
  echo
  echo "Versions: ariadne $ARIADNE_VERSION; $(tool_version b3sum --version); md5sum $(md5sum --version | head -n 1 | awk '{ print $NF }');"
  echo "$(tool_version git --version); $(tool_version git-lfs version); $(tool_version git-annex version | sed 's/version: //');"
  echo "datalad $(tool_version datalad --version | awk '{ print $NF }'); $(tool_version hyperfine --version)."
  echo
  echo "## 1. ${BIG_COUNT} files of ${BIG_MIB} MiB random data"
  echo
  table $S1
  echo
  echo "## 2. ${SMALL_COUNT} files of 1-8 KiB in ${SMALL_DIRS} folders: adding"
  echo
  table $S2
  echo
  echo "## 3. Status on the same ${SMALL_COUNT} files"
  echo
  echo "Nothing changed (hyperfine: 3 warm-up runs, median of 15), then the same $TOUCHED files touched before each run."
  echo
  table $S3
  echo
  echo "Re-hash check (strace, openat of data files): $REHASH_NOTE."
  echo
  echo "## 4. Peak memory (max RSS, /usr/bin/time -f %M), one run each"
  echo
  echo "| Command | Files | Seconds | Max RSS (MiB) | Note |"
  echo "|---|---:|---:|---:|---|"
  while IFS='|' read -r label files secs mib note; do
    echo "| $label | $files | ${secs:--} | ${mib:--} | $note |"
  done <"$ROWS/$S4"
  echo
  echo "$HUGE_COUNT files: 1 KiB each in $HUGE_DIRS folders; git peers not run at that size."
  echo
  echo "## Goals (issue 2)"
  echo
  goal "ariadne add / b3sum, ${BIG_COUNT} x ${BIG_MIB} MiB" "$R1" 2
  goal "ariadne add / git add+commit, ${SMALL_COUNT} small files" "$R2" 1
  goal "ariadne status / git status, ${SMALL_COUNT} small files, nothing changed" "$R3" 2
  if [[ ${READ_TOUCHED:-} == "${#TOUCH_LIST[@]}" && ${SAME:-} == yes && ${READ_CLEAN:-} == 0 ]]; then
    echo "- only touched files re-hashed: **yes** (${READ_TOUCHED} of ${SMALL_COUNT} read; 0 when nothing changed)"
  else
    echo "- only touched files re-hashed: **no or not checked** ($REHASH_NOTE)"
  fi
} | tee "$REPORT"

log "report written to $REPORT"
