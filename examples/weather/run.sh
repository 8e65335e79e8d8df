#!/usr/bin/env bash
# The whole loop on the Seattle weather data, in a new folder (default: a new temp folder; the example stays as it is):
#   ./run.sh [DIR]
# train on summer 2013 -> register as models:/weather@champion -> ariadne serve -> stream summer 2014, autumn 2014
# and winter 2014-15 to /predict, one season per monitoring window -> the true labels -> ariadne monitor run (drift and accuracy
# per window) -> ariadne monitor check (the alert rules of ariadne.yaml fire: exit 1, a line in logs/alerts.log).
# ARIADNE names the ariadne command (default: this checkout's ./ariadne); it may hold arguments ("dotnet ariadne.dll").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
read -ra cli <<<"${ARIADNE:-$here/../../ariadne}"
ariadne() { "${cli[@]}" "$@"; }
dir="${1:-$(mktemp -d "${TMPDIR:-/tmp}/ariadne-weather.XXXXXX")}"
window=5 # seconds: each season goes to the server in its own 5 s window (a deployment would watch 1d or 1w windows)

step() { printf '\n== %s\n' "$*"; }

mkdir -p "$dir"
cp -r "$here/ariadne.yaml" "$here/data" "$here/src" "$here/Directory.Build.props" "$here/Directory.Packages.props" "$here/global.json" "$here/.gitignore" "$dir/"
cd "$dir"
step "workspace in $dir"
ariadne init

step "the seasons: train on summer 2013; summer 2014, autumn 2014 and winter 2014-15 come later"
season() { awk -F, -v from="$1" -v to="$2" 'NR == 1 || ($1 >= from && $1 < to)' data/seattle-weather.csv; }
season 2013-06 2013-09 >data/train.csv
season 2014-06 2014-09 >data/summer-2014.csv
season 2014-09 2014-12 >data/autumn-2014.csv
season 2014-12 2015-03 >data/winter-2014.csv
wc -l data/train.csv data/summer-2014.csv data/autumn-2014.csv data/winter-2014.csv
ariadne add data/train.csv

step "build the trainer and train (a tracked run that records data/train.csv as its training input)"
dotnet build src/Weather.csproj -c Release -o bin -nologo -v quiet --disable-build-servers
ariadne run -e weather -n train -i train=data/train.csv.ari -o model -- dotnet bin/Weather.dll data/train.csv model 2>train.log
cat train.log
run_id="$(sed -n 's/^ariadne: run \([0-9a-f]*\) FINISHED.*/\1/p' train.log)"
[ -n "$run_id" ] || { echo "the training run did not finish" >&2; exit 1; }

step "register the model as models:/weather@champion (its training data becomes the monitoring reference)"
ariadne models register weather --run "$run_id" --path model --alias champion

step "serve it"
# exec: $! is then the server itself, not a subshell around it, so the SIGTERM below reaches it (a subshell would
# die and leave the server running, its last batch unwritten when the labels come).
(exec "${cli[@]}" serve models:/weather@champion --port 0) >serve.log 2>&1 &
serve_pid=$!
trap 'kill "$serve_pid" 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 600); do
  url="$(sed -n 's/^Serving .* at \(http:[^ ]*\).*/\1/p' serve.log | head -n 1)"
  [ -n "$url" ] && break
  kill -0 "$serve_pid" 2>/dev/null || { cat serve.log >&2; exit 1; }
  sleep 0.5
done
[ -n "$url" ] || { echo "ariadne serve did not start" >&2; cat serve.log >&2; exit 1; }
echo "serving at $url"

step "stream the later seasons to /predict, each in its own ${window}s window; keep their true labels"
echo "id,weather" >data/labels.csv
for name in summer-2014 autumn-2014 winter-2014; do
  # Wait for the next window to start, so this season's rows are the only ones in it.
  now_ms=$(($(date +%s%N) / 1000000))
  sleep "$(awk -v n="$now_ms" -v w="$window" 'BEGIN { printf "%.3f", (w * 1000 - n % (w * 1000)) / 1000 + 0.2 }')"
  # The four measurements as CSV (the model refuses other columns); row i of request NAME gets the id NAME/i.
  if ! cut -d, -f2-5 "data/$name.csv" | curl -sS --fail-with-body "$url/predict" -H 'Content-Type: text/csv' -H "X-Request-Id: $name" \
    --data-binary @- -o "data/$name.predictions.json"; then
    cat "data/$name.predictions.json" >&2
    exit 1
  fi
  echo "$name: $(head -c 240 "data/$name.predictions.json") ..."
  awk -F, -v name="$name" 'NR > 1 { print name "/" (NR - 2) "," $6 }' "data/$name.csv" >>data/labels.csv
done

step "stop the server (it writes its last batch of predictions and ends its run)"
kill -TERM "$serve_pid"
wait "$serve_pid" || true
trap - EXIT
tail -n 3 serve.log

step "the true labels, joined on the row ids"
ariadne monitor labels data/labels.csv --id id --label weather models:/weather@champion

step "monitor: drift and accuracy per window"
ariadne monitor run

step "check the alert rules of ariadne.yaml"
set +e
ariadne monitor check
code=$?
set -e
echo "ariadne monitor check exited with $code"
[ -f logs/alerts.log ] && cat logs/alerts.log
echo "done: the workspace is $dir ('ariadne ui' there shows the runs; 'ariadne schedule run-now drift-check' runs the check as a schedule)"
