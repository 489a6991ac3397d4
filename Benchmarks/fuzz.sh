#!/usr/bin/env bash
# Fuzzes every input format with libFuzzer + AddressSanitizer for a fixed time each and reports.
#   bash Benchmarks/fuzz.sh            # 60 s per entry
#   bash Benchmarks/fuzz.sh 300 csv    # 300 s, one entry
# Entries live in Sources/_StrataFuzz (FuzzEntry.all); a crashing input is written to
# .build-fuzz/findings/<entry>/ — add it to FuzzEntryTests.regressions once fixed.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}; shift || true
scratch=.build-fuzz
# Copy the resolved dependencies so the separate build folder needs no network.
if [ ! -d "$scratch/checkouts" ] && [ -d .build/checkouts ]; then
  mkdir -p "$scratch" && cp -a .build/checkouts .build/repositories .build/workspace-state.json "$scratch"/ 2>/dev/null
fi
STRATA_FUZZ=1 swift build -c release --product strata-fuzz --scratch-path "$scratch" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library || exit 2
binary="$scratch/release/strata-fuzz"
entries=("$@")
if [ ${#entries[@]} -eq 0 ]; then entries=(csv search umap-model pca-model); fi
status=0
for entry in "${entries[@]}"; do
  corpus="$scratch/corpus/$entry"; findings="$scratch/findings/$entry"
  mkdir -p "$corpus" "$findings"
  STRATA_FUZZ_ENTRY=$entry STRATA_FUZZ_SEEDS="$corpus" "$binary" >/dev/null 2>&1
  log="$scratch/$entry.log"
  STRATA_FUZZ_ENTRY=$entry "$binary" "$corpus" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
    -rss_limit_mb=4096 -artifact_prefix="$findings/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs=$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  if [ $rc -eq 0 ]; then
    echo "$entry: ${runs:-?} inputs in ${seconds} s, no crash (corpus $(ls "$corpus" | wc -l) files)"
  else
    status=1
    echo "$entry: CRASH after ${runs:-?} inputs — $(ls "$findings" | head -3 | tr '\n' ' ')(log: $log)"
    grep -m3 -E 'Fatal error|ERROR: AddressSanitizer|SUMMARY' "$log" | sed 's/^/    /'
  fi
done
exit $status
