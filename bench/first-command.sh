#!/usr/bin/env bash
# Times the README's first command on a fresh clone: 'git clone' of this checkout's HEAD into CLONE (default
# /tmp/ariadne-fresh), then './ariadne quickstart DEMO' (default /tmp/ariadne-demo) there, printing every line of its
# output with the seconds since the command started, then the total and the load average before and after.
# Both folders are removed first. The clone shares this machine's NuGet cache (~/.nuget/packages) but has no build
# output (.bin/, bin/, obj/) and no web/node_modules, as a fresh clone has none.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
clone=${1:-/tmp/ariadne-fresh}
demo=${2:-/tmp/ariadne-demo}
rm -rf "$clone" "$demo"
git clone -q "$repo" "$clone"
cd "$clone"
echo "$(date -Is); nproc $(nproc); load average before: $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD)"
start=$EPOCHREALTIME
set +e
./ariadne quickstart "$demo" 2>&1 | while IFS= read -r line; do
  printf '%7.1f %s\n' "$(echo "$EPOCHREALTIME - $start" | bc)" "$line"
done
status=${PIPESTATUS[0]}
set -e
echo "exit $status; total $(echo "$EPOCHREALTIME - $start" | bc) s; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(the Native AOT binary goes on building in the background: $clone/.bin/aot-build.log)"
