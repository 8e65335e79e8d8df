#!/usr/bin/env bash
# Times 'ariadne check' (the CI gate) on the quickstart project when nothing changed, against what a user would
# script without it: 'git status --porcelain' plus 'ariadne status' (pipeline and data against ariadne.lock) plus
# 'ariadne metrics diff' (metrics against a git revision). Goal from issue 19: under 1 s.
#
# Builds the Native AOT binary through ./ariadne (ARIADNE_WAIT_FOR_AOT=1), makes the quickstart project in DEMO
# (default /tmp/ariadne-bench-check; reused when it is there), gives it a folder remote and pushes, so every check
# has something to do, and commits. Then RUNS (default 7) timings of each command; prints the medians.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
demo=${DEMO:-/tmp/ariadne-bench-check}
runs=${RUNS:-7}
ARIADNE_WAIT_FOR_AOT=1 "$repo/ariadne" --version >/dev/null
ariadne="$repo/.bin/ariadne"
[ -x "$ariadne" ] || { echo "no Native AOT binary at $ariadne (see $repo/.bin/aot-build.log)" >&2; exit 1; }

if [ ! -f "$demo/ariadne.lock" ]; then
  rm -rf "$demo"
  "$ariadne" quickstart "$demo" >/dev/null
fi
cd "$demo"
"$ariadne" remote add bench "$demo-remote" --default >/dev/null
"$ariadne" push >/dev/null
git add -A >/dev/null && git -c user.name=bench -c user.email=bench@ariadne.invalid commit -qm "bench: remote" >/dev/null || true

# Milliseconds of one run of "$@" (its output dropped; its exit status ignored: a failing gate still did its work).
time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

measure() {
  local label=$1; shift
  "$@" >/dev/null 2>&1 || true # warm the page cache and the stat cache
  local times=()
  for _ in $(seq "$runs"); do times+=("$(time_ms "$@")"); done
  printf '| %s | %s | %s |\n' "$label" "$(printf '%s\n' "${times[@]}" | median)" "$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')"
}

scripted() { git status --porcelain && "$ariadne" status --json && "$ariadne" metrics diff HEAD --json; }

echo "$(date -Is); nproc $(nproc); load average before: $(cut -d' ' -f1-3 /proc/loadavg); Ariadne commit $(git -C "$repo" rev-parse --short HEAD)"
echo "project: $demo ($(git ls-files | wc -l) files in git, $(grep -c '^  [a-z]' ariadne.lock) stages in ariadne.lock)"
"$ariadne" check --metric validation.accuracy --max-drop 0.01 | sed -n '2,12p'
echo
echo "| command | median ms | all runs (ms) |"
echo "| --- | --- | --- |"
measure "ariadne check" "$ariadne" check
measure "ariadne check --metric validation.accuracy --max-drop 0.01 --baseline HEAD" "$ariadne" check --metric validation.accuracy --max-drop 0.01 --baseline HEAD
measure "git status --porcelain" git status --porcelain
measure "ariadne status --json" "$ariadne" status --json
measure "ariadne metrics diff HEAD --json" "$ariadne" metrics diff HEAD --json
measure "scripted: git status + ariadne status + ariadne metrics diff" scripted
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
