#!/usr/bin/env bash
# Web UI benchmark (issue 7): time to first render in a real browser (Debian's Chromium driven by Playwright) of the
# runs table of an experiment of 10,000 runs and of a chart of 5 runs x 100,000 points, each beside a baseline
# measured in the same run and browser: the table against the search request it makes, alone; the downsampled chart
# against the same chart drawn from every point.
#
#   bash bench/ui.sh
#
# Installs chromium (Debian) if missing, builds bench/ui/Ariadne.Bench.Ui.csproj in Release (not in Ariadne.sln),
# seeds a store under BENCH_DIR (/tmp/ariadne-bench-ui), prints a Markdown report and writes it to
# bench/out/ui-<date>.md. Knobs: REPEAT (7), BENCH_DIR, KEEP (0: delete BENCH_DIR at the end).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/ariadne-bench-ui}
if [ ! -x /usr/lib/chromium/chromium ]; then
  echo "Installing chromium (Debian package)..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
mkdir -p "$BENCH_DIR" "$REPO/bench/out"
dotnet build "$REPO/bench/ui/Ariadne.Bench.Ui.csproj" -c Release -nologo -v q >"$BENCH_DIR/build.log" 2>&1 || { cat "$BENCH_DIR/build.log"; exit 1; }
report="$REPO/bench/out/ui-$(date -u +%Y-%m-%d).md"
{
  dotnet "$REPO/bench/ui/bin/Release/net10.0/Ariadne.Bench.Ui.dll" "$BENCH_DIR"
  echo
  echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(free -h | awk '/^Mem:/ {print $2}') memory; load average before/after: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Command: \`bash bench/ui.sh\` at commit $(git -C "$REPO" rev-parse --short HEAD)."
} | tee "$report"
[ "${KEEP:-0}" = 1 ] || rm -rf "$BENCH_DIR"
