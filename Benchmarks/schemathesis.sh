#!/usr/bin/env bash
# Property-based run of schemathesis (PyPI, pinned in Tests/Clients/requirements.txt) against
# the OpenAPI document a live `strata serve` serves at /api/v1/openapi.json, with an admin's
# token: every operation, generated valid and invalid requests; fails on any 5xx, an
# undocumented status or content type, or a response that breaks the document's schema.
# Usage: bash Benchmarks/schemathesis.sh [extra schemathesis options, e.g. --max-examples 200]
set -euo pipefail
cd "$(dirname "$0")/.."
st=".venv-clients/bin/schemathesis"
[ -x "$st" ] || { echo "no $st: run bash Tests/Clients/setup.sh first"; exit 1; }
swift build -c release --product strata >/dev/null
bin="$(swift build -c release --show-bin-path)"
dir="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; }; rm -rf "$dir"' EXIT
token="$("$bin/strata" users add schemathesis --role admin --store "sqlite:$dir/strata.sqlite" --json \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
. Benchmarks/serve_for_bench.sh
start_strata_serve "sqlite:$dir/strata.sqlite"
"$st" run "$url/api/v1/openapi.json" --url "$url" -H "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,negative_data_rejection \
    --exclude-operation-id removeUser --exclude-operation-id rotateUser \
    --max-examples 50 --seed 7 --no-color "$@"
