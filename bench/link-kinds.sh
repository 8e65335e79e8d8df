#!/usr/bin/env bash
# What keeping the cache safe from in-place edits costs: 'ariadne add' and 'ariadne checkout' with each link kind,
# on ext4 (no reflinks) and on XFS with reflinks (a loop-mounted image), side by side in one run.
#
#   bash bench/link-kinds.sh
#
# Data: BIG_COUNT files of BIG_MIB MiB random data, and SMALL_COUNT files of 1-8 KiB in 100 folders (seeded).
# For each file system, link setting and data set: a fresh workspace holding a copy of the data (not timed), 'sync',
# then 'ariadne add' timed; then the data removed and 'ariadne checkout' timed (every restored byte is hashed, as
# checkout always does now). Median of RUNS runs. 'cp' of the same data is timed too, as the floor for a copy.
#
# Link settings: hardlink = 'link: [hardlink, copy]' (opt-in), default = 'link: [reflink, copy]' (reflink on XFS,
# copy on ext4), copy = 'link: [copy]'.
#
# Knobs (environment): ARIADNE (command, default: dotnet of a Release build in /tmp/ariadne-rel), RUNS (3),
# BIG_COUNT (2), BIG_MIB (512), SMALL_COUNT (20000), EXT4_DIR (/tmp/ariadne-linkbench), XFS_IMAGE
# (/tmp/ariadne-linkbench-xfs.img), XFS_MOUNT (/mnt/ariadne-linkbench-xfs), XFS_GIB (8). Needs root for the mount;
# without it (or without mkfs.xfs / loop devices) only ext4 is measured and the report says so.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-3}
BIG_COUNT=${BIG_COUNT:-2}
BIG_MIB=${BIG_MIB:-512}
SMALL_COUNT=${SMALL_COUNT:-20000}
EXT4_DIR=${EXT4_DIR:-/tmp/ariadne-linkbench}
XFS_IMAGE=${XFS_IMAGE:-/tmp/ariadne-linkbench-xfs.img}
XFS_MOUNT=${XFS_MOUNT:-/mnt/ariadne-linkbench-xfs}
XFS_GIB=${XFS_GIB:-8}
if [[ -z ${ARIADNE:-} ]]; then
  [[ -f /tmp/ariadne-rel/ariadne.dll ]] || dotnet build "$REPO/src/Ariadne.Cli" -c Release -o /tmp/ariadne-rel >/dev/null
  ARIADNE="dotnet /tmp/ariadne-rel/ariadne.dll"
fi

log() { printf '[link-kinds %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

cleanup() {
  rm -rf "$EXT4_DIR"
  if mountpoint -q "$XFS_MOUNT" 2>/dev/null; then umount "$XFS_MOUNT"; fi
  rm -f "$XFS_IMAGE"
}
trap cleanup EXIT

make_data() { # folder
  local dir=$1
  mkdir -p "$dir/big" "$dir/small"
  for i in $(seq 1 "$BIG_COUNT"); do head -c $((BIG_MIB << 20)) /dev/urandom >"$dir/big/f$i.bin"; done
  python3 - "$dir/small" "$SMALL_COUNT" <<'EOF'
import os, random, sys
root, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(42)
for i in range(count):
    folder = os.path.join(root, f"d{i % 100:03d}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"f{i}.bin"), "wb") as f:
        f.write(rng.randbytes(rng.randint(1024, 8192)))
EOF
}

# time_one FOLDER SETTING DATA -> "add_seconds checkout_seconds"
time_one() {
  local base=$1 setting=$2 data=$3 ws
  ws=$base/ws
  rm -rf "$ws"
  mkdir -p "$ws"
  cp -r "$base/data/$data" "$ws/$data"
  (cd "$ws" && git init -q && $ARIADNE init >/dev/null)
  case $setting in
    hardlink) printf 'cache:\n  link: [hardlink, copy]\n' >"$ws/.ariadne/config.yaml" ;;
    default) printf 'cache:\n  link: [reflink, copy]\n' >"$ws/.ariadne/config.yaml" ;;
    copy) printf 'cache:\n  link: [copy]\n' >"$ws/.ariadne/config.yaml" ;;
  esac
  sync
  local t0 t1 t2
  t0=$(now)
  (cd "$ws" && $ARIADNE add "$data" >/dev/null)
  t1=$(now)
  rm -rf "${ws:?}/$data"
  sync
  t2=$(now)
  (cd "$ws" && $ARIADNE checkout "$data" >/dev/null)
  echo "$(echo "$t1 - $t0" | bc) $(echo "$(now) - $t2" | bc)"
  rm -rf "$ws"
}

time_cp() { # FOLDER DATA
  local base=$1 data=$2 t0
  rm -rf "$base/cp"
  sync
  t0=$(now)
  cp -r "$base/data/$data" "$base/cp"
  sync -f "$base/cp" 2>/dev/null || true
  echo "$(echo "$(now) - $t0" | bc)"
  rm -rf "$base/cp"
}

report_fs() { # NAME FOLDER SETTINGS...
  local name=$1 base=$2
  shift 2
  log "$name: making data in $base"
  make_data "$base/data"
  cat "$base"/data/big/* >/dev/null
  for data in big small; do
    local cps=() i
    for i in $(seq 1 "$RUNS"); do cps+=("$(time_cp "$base" "$data")"); done
    printf '| %s | %s | cp -r (floor for a copy) | %.3f | |\n' "$name" "$data" "$(printf '%s\n' "${cps[@]}" | median)"
    for setting in "$@"; do
      local adds=() checkouts=() pair
      for i in $(seq 1 "$RUNS"); do
        pair=$(time_one "$base" "$setting" "$data")
        adds+=("${pair% *}")
        checkouts+=("${pair#* }")
      done
      printf '| %s | %s | %s | %.3f | %.3f |\n' "$name" "$data" "$setting" \
        "$(printf '%s\n' "${adds[@]}" | median)" "$(printf '%s\n' "${checkouts[@]}" | median)"
      log "$name $data $setting done"
    done
  done
}

echo "Link kinds, $(date -u +'%Y-%m-%d %H:%M UTC'), commit $(git -C "$REPO" rev-parse --short HEAD), $(nproc) cores, median of $RUNS"
echo "Data: big = $BIG_COUNT x $BIG_MIB MiB random; small = $SMALL_COUNT files of 1-8 KiB in 100 folders. Tool: $ARIADNE"
echo
echo '| File system | Data | Link setting | add (s) | checkout (s) |'
echo '|---|---|---|---:|---:|'
mkdir -p "$EXT4_DIR"
report_fs "ext4 ($(df -T "$EXT4_DIR" | awk 'NR==2 {print $2}'))" "$EXT4_DIR" hardlink default copy
rm -rf "$EXT4_DIR"

if [[ $(id -u) == 0 ]] && command -v mkfs.xfs >/dev/null; then
  truncate -s "${XFS_GIB}G" "$XFS_IMAGE"
  mkfs.xfs -q -f -m reflink=1 "$XFS_IMAGE"
  mkdir -p "$XFS_MOUNT"
  if mount -o loop "$XFS_IMAGE" "$XFS_MOUNT"; then
    report_fs "XFS, reflink=1 (loop)" "$XFS_MOUNT" hardlink default copy
  else
    echo "XFS: loop mount refused here; not measured."
  fi
else
  echo "XFS: needs root and mkfs.xfs (apt-get install -y xfsprogs); not measured."
fi
