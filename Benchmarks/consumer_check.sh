#!/usr/bin/env bash
# Builds a throwaway package that depends on Strata the way other packages do — by version, from a
# tagged git repository — then fits a KMeans with it and times the vector kernels there.
#
#   bash Benchmarks/consumer_check.sh [--bench] [WORK_DIR]
#
# With --bench the consumer also builds Benchmarks/KernelsBench (the same source as the root
# package's `bench-kernels`) against the dependency and runs it, so the kernel timings of Strata
# as a dependency can be set beside those of `swift run -c release bench-kernels` in the clone.
#
# The clone takes the committed HEAD (uncommitted changes are not seen) and tags it 0.1.0 in the
# clone only. WORK_DIR defaults to a fresh folder under /tmp; nothing is written in the repository.
# Fails if SwiftPM refuses the products (for example over unsafe flags) or the KMeans fit fails.
set -euo pipefail

BENCH=0
if [[ "${1:-}" == "--bench" ]]; then BENCH=1; shift; fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-$(mktemp -d /tmp/strata-consumer.XXXXXX)}
VERSION=0.1.0
mkdir -p "$WORK"
rm -rf "$WORK/strata" "$WORK/consumer/Sources" "$WORK/consumer/Package.swift"

git clone --quiet "$ROOT" "$WORK/strata"
git -C "$WORK/strata" tag --force "$VERSION" HEAD >/dev/null

mkdir -p "$WORK/consumer/Sources/consumer" "$WORK/consumer/Sources/bench-kernels"
cp "$WORK/strata/Benchmarks/KernelsBench/KernelsBench.swift" "$WORK/consumer/Sources/bench-kernels/"
cat > "$WORK/consumer/Package.swift" <<SWIFT
// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "consumer",
    dependencies: [
        .package(url: "file://$WORK/strata", from: "$VERSION"),
    ],
    targets: [
        .executableTarget(name: "consumer", dependencies: [.product(name: "Strata", package: "strata")]),
        .executableTarget(name: "bench-kernels", dependencies: [.product(name: "Strata", package: "strata")]),
    ]
)
SWIFT

cat > "$WORK/consumer/Sources/consumer/Consumer.swift" <<'SWIFT'
import Foundation
import Strata

@main
struct Consumer {
    static func main() throws {
        // Three well-separated blobs: KMeans must find them whatever the build.
        var rng = SeededGenerator(seed: 7)
        let rows = 300_000, columns = 16
        var values = [Float](repeating: 0, count: rows * columns)
        for r in 0..<rows {
            for c in 0..<columns { values[r * columns + c] = Float((r % 3) * 20) + Float(rng.nextGaussian()) }
        }
        let data = try Matrix(rows: rows, columns: columns, values: values)
        let start = Date()
        let model = try KMeans(clusterCount: 3, seed: 1).fit(data)
        let seconds = Date().timeIntervalSince(start)
        let sizes = (0..<3).map { k in model.labels.filter { $0 == k }.count }.sorted()
        print("kernel level: \(KernelLevel.current)")
        print(String(format: "kmeans 300000 x 16, k 3: %.3f s, inertia %.6g, cluster sizes \(sizes)", seconds, model.inertia))
        guard sizes == [100_000, 100_000, 100_000] else {
            FileHandle.standardError.write(Data("KMeans did not recover the three blobs\n".utf8))
            exit(1)
        }
    }
}
SWIFT

cd "$WORK/consumer"
start=$(date +%s)
swift build -c release --product consumer
echo "consumer build: $(( $(date +%s) - start )) s"
BIN=$(swift build -c release --show-bin-path)
"$BIN/consumer"
if (( BENCH )); then
    swift build -c release --product bench-kernels
    "$BIN/bench-kernels"
fi
