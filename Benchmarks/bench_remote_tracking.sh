#!/usr/bin/env bash
# 1,000,000 metric points through the Tracker over loopback into `strata serve` on SQLite.
# Usage: bash Benchmarks/bench_remote_tracking.sh [--points N] [--metrics K] [--flush-count F]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product strata >/dev/null
swift build -c release --product bench-remote-tracking >/dev/null
bin="$(swift build -c release --show-bin-path)"
dir="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; }; rm -rf "$dir"' EXIT
. Benchmarks/serve_for_bench.sh
start_strata_serve "sqlite:$dir/strata.sqlite"
"$bin/bench-remote-tracking" --url "$url" "$@"
