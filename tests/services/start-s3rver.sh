#!/usr/bin/env bash
# Starts s3rver (an S3-compatible server, for tests and local experiments) in the foreground.
# Usage: tests/services/start-s3rver.sh [port] [data-folder]      (defaults: 4568, a new temp folder)
# Credentials: access key S3RVER, secret S3RVER. Create a bucket with e.g.
#   AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER aws --endpoint-url http://127.0.0.1:4568 s3 mb s3://my-bucket
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
script="$here/node_modules/s3rver/bin/s3rver.js"
if [[ ! -f "$script" ]]; then
    echo "s3rver is not installed. Run 'npm ci --prefix tests/services' from the repository root first." >&2
    exit 1
fi

port="${1:-4568}"
data="${2:-$(mktemp -d -t ariadne-s3rver.XXXXXX)}"
echo "s3rver on http://127.0.0.1:$port, data in $data (Ctrl+C to stop)" >&2
exec node "$script" --address 127.0.0.1 --port "$port" --directory "$data"
