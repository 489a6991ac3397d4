// swift-tools-version: 6.0
import PackageDescription
import Foundation

// Numeric hot loops must use the CPU's vector units; plain x86-64 builds get SSE2 only, where
// `addProduct` is a software `fmaf` call. The hottest kernels (distance panels, k-means
// assignment) are C in CStrataKernels, compiled per instruction-set level and chosen at run time,
// so they run at full width in any build. The rest of the Swift code is built with `-target-cpu native` when
// Strata is the package being built (a clone, CI); set STRATA_TARGET_CPU (e.g. `haswell`,
// `skylake-avx512`) for a portable binary or to `none` to leave the compiler's default.
// SwiftPM refuses unsafe flags in a package that another one depends on by version, so a checkout
// of Strata inside another package's build folder gets none (see README "Vector units").
let isDependencyCheckout = ["/checkouts/", "/registry/downloads/"].contains { Context.packageDirectory.contains($0) }
let targetCPU = ProcessInfo.processInfo.environment["STRATA_TARGET_CPU"] ?? (isDependencyCheckout ? "none" : "native")
// STRATA_FMA tells the Swift code that multiply-adds may be fused (`addMul` in StrataCore): true
// with a `-target-cpu` (any CPU named there must have FMA: Haswell or newer) and on arm64.
#if arch(x86_64)
let vectorFlags: [SwiftSetting] = targetCPU == "none" ? [] : [.unsafeFlags(["-target-cpu", targetCPU]), .define("STRATA_FMA")]
#else
let vectorFlags: [SwiftSetting] = [.define("STRATA_FMA")]
#endif
let numericSettings: [SwiftSetting] = vectorFlags

let package = Package(
    name: "Strata",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Strata", targets: ["Strata"]),
        .library(name: "StrataTracking", targets: ["StrataTracking"]),
        .library(name: "StrataSQLite", targets: ["StrataSQLite"]),
        .executable(name: "strata", targets: ["StrataCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // `swift package generate-documentation` (README "Using Strata from another package").
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // The server, its HTTP client store and credentials.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // Numeric modules: no dependencies beyond the standard library and Foundation.
        // The hottest vector kernels in C, compiled per instruction-set level and chosen at run time.
        .target(name: "CStrataKernels"),
        .target(name: "StrataCore", dependencies: ["CStrataKernels"], swiftSettings: numericSettings),
        .target(name: "StrataData", dependencies: ["StrataCore", "CStrataKernels"], swiftSettings: numericSettings),
        .target(name: "StrataNeighbors", dependencies: ["StrataCore", "CStrataKernels"], swiftSettings: numericSettings),
        .target(name: "StrataTransforms", dependencies: ["StrataCore", "StrataNeighbors"], swiftSettings: numericSettings),
        .target(name: "StrataClustering", dependencies: ["StrataCore", "StrataNeighbors"], swiftSettings: numericSettings),
        .target(name: "StrataEvaluation", dependencies: ["StrataCore", "StrataNeighbors", "CStrataKernels"], swiftSettings: numericSettings),
        .target(name: "Strata", dependencies: ["StrataCore", "StrataData", "StrataNeighbors", "StrataTransforms", "StrataClustering", "StrataEvaluation"]),

        // The experiment record.
        .target(name: "StrataTracking", dependencies: ["CStrataDigest"]),
        // SHA-256 blocks on the CPU's SHA instructions where present (artifact fingerprints).
        .target(name: "CStrataDigest"),
        .target(name: "StrataSQLite", dependencies: ["StrataTracking", .product(name: "GRDB", package: "GRDB.swift")]),
        // A tiny logger process for the multi-process and SIGKILL tests of the SQLite store.
        .executableTarget(name: "strata-tracking-writer", dependencies: ["StrataTracking", "StrataSQLite"], path: "Sources/TrackingWriter"),

        // Pipelines, sweeps and fitted segmentation models: the one place algorithms meet the record.
        .target(name: "StrataPipelines", dependencies: ["Strata", "StrataTracking", "CStrataKernels", .product(name: "Yams", package: "Yams")],
                swiftSettings: numericSettings),

        // Users, tokens, keys (hashed or sealed at rest) and AWS Signature Version 4.
        .target(name: "StrataAuth", dependencies: ["StrataTracking", .product(name: "Crypto", package: "swift-crypto")]),
        // `strata job run`: any script as a tracked job (child process, metric files, log, stop).
        // Foundation and the record only, so the CLI and the server share it without HTTP.
        .target(name: "StrataJobs", dependencies: ["StrataTracking"]),
        // The web dashboard's HTML/JS/CSS (package resources) and the one-file client report.
        .target(name: "StrataDashboard", dependencies: ["StrataTracking", "StrataCore", "StrataEvaluation"], resources: [.copy("Resources/web")]),
        // `strata serve`: native REST API, SageMaker and MLflow compatibility, auth, jobs, dashboard.
        .target(name: "StrataServer", dependencies: [
            "StrataTracking", "StrataAuth", "StrataDashboard", "StrataJobs",
            // The segments view reads recorded labels.csv/embedding.csv with the fast CSV reader.
            "StrataCore", "StrataData",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ], resources: [.copy("Resources/openapi.json")]),
        // The `TrackingStore` contract over `strata serve`'s REST API (`--store http://…`).
        .target(name: "StrataHTTPStore", dependencies: [
            "StrataTracking",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),

        .executableTarget(name: "StrataCLI", dependencies: [
            "Strata", "StrataTracking", "StrataSQLite", "StrataPipelines", "StrataAuth", "StrataServer", "StrataHTTPStore", "StrataJobs", "StrataDashboard",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: numericSettings),

        // Fuzzing: one entry per input format, shared by the mutation tests and the libFuzzer
        // harness (Fuzz/Harness, added below only for Benchmarks/fuzz.sh).
        .target(name: "_StrataFuzz", dependencies: ["StrataData", "StrataTransforms", "StrataTracking", "StrataPipelines"], path: "Sources/_StrataFuzz"),
        .testTarget(name: "_StrataFuzzTests", dependencies: ["_StrataFuzz", "StrataCore"]),

        .target(name: "_StrataTestSupport", dependencies: ["StrataCore", "StrataClustering", "StrataTracking", "StrataPipelines"], path: "Sources/_StrataTestSupport"),

        // Benchmarks: Swift halves of the Strata-vs-Python comparisons in Benchmarks/*.py.
        .executableTarget(name: "bench-neighbors", dependencies: ["Strata"], path: "Benchmarks/NeighborsBench", swiftSettings: numericSettings),
        .executableTarget(name: "bench-clustering", dependencies: ["Strata"], path: "Benchmarks/ClusteringBench", swiftSettings: numericSettings),
        .executableTarget(name: "bench-evaluation", dependencies: ["Strata"], path: "Benchmarks/EvaluationBench", swiftSettings: numericSettings),
        .executableTarget(name: "bench-transforms", dependencies: ["Strata"], path: "Benchmarks/TransformsBench", swiftSettings: numericSettings),
        .executableTarget(name: "bench-data", dependencies: ["StrataData"], path: "Benchmarks/DataBench", swiftSettings: numericSettings),
        .executableTarget(name: "bench-hdbscan", dependencies: ["Strata"], path: "Benchmarks/HDBSCANBench", swiftSettings: numericSettings),
        .executableTarget(name: "bench-kernels", dependencies: ["Strata"], path: "Benchmarks/KernelsBench", swiftSettings: numericSettings),
        .executableTarget(name: "bench-tracking", dependencies: ["StrataTracking", "StrataSQLite"], path: "Benchmarks/TrackingBench"),
        .executableTarget(name: "bench-sweeps", dependencies: ["StrataPipelines", "StrataEvaluation", "_StrataTestSupport"], path: "Benchmarks/SweepsBench", swiftSettings: numericSettings),
        .executableTarget(name: "bench-remote-tracking", dependencies: ["StrataTracking", "StrataHTTPStore"], path: "Benchmarks/RemoteTrackingBench"),
        .executableTarget(name: "bench-segments", dependencies: ["StrataPipelines"], path: "Benchmarks/SegmentsBench", swiftSettings: numericSettings),
        .executableTarget(name: "bench-search", dependencies: ["StrataTracking", "StrataSQLite", .product(name: "GRDB", package: "GRDB.swift")], path: "Benchmarks/TrackingSearchBench"),
        // Benchmarks/bench_predict.py: `strata predict`'s stages in one process.
        .executableTarget(name: "bench-predict", dependencies: ["StrataPipelines", "StrataData", "StrataCore"], path: "Benchmarks/PredictBench", swiftSettings: numericSettings),

        .testTarget(name: "StrataCoreTests", dependencies: ["StrataCore", "_StrataTestSupport"], swiftSettings: numericSettings),
        .testTarget(name: "StrataDataTests", dependencies: ["StrataData", "_StrataTestSupport"], swiftSettings: numericSettings),
        .testTarget(name: "StrataNeighborsTests", dependencies: ["StrataNeighbors", "StrataData", "_StrataTestSupport"], swiftSettings: numericSettings),
        .testTarget(name: "StrataTransformsTests", dependencies: ["StrataTransforms", "StrataEvaluation", "StrataData", "_StrataTestSupport"], swiftSettings: numericSettings),
        .testTarget(name: "StrataClusteringTests", dependencies: ["StrataClustering", "StrataEvaluation", "StrataData", "_StrataTestSupport"], swiftSettings: numericSettings),
        .testTarget(name: "StrataEvaluationTests", dependencies: ["StrataEvaluation", "StrataData", "StrataClustering", "_StrataTestSupport"], swiftSettings: numericSettings),
        .testTarget(name: "StrataTrackingTests", dependencies: ["StrataTracking", "CStrataDigest", "_StrataTestSupport"]),
        .testTarget(name: "StrataSQLiteTests", dependencies: ["StrataSQLite", "StrataTracking", "_StrataTestSupport", "StrataCLI", "strata-tracking-writer"]),
        .testTarget(name: "StrataPipelinesTests", dependencies: ["StrataPipelines", "StrataSQLite", "CStrataKernels", "_StrataTestSupport"], swiftSettings: numericSettings),
        .testTarget(name: "StrataCLITests", dependencies: ["StrataCLI", "_StrataTestSupport", "StrataData", "StrataTransforms", "StrataClustering",
                                                       "StrataNeighbors", "StrataPipelines", "StrataHTTPStore"]),
        .testTarget(name: "StrataJobsTests", dependencies: ["StrataJobs", "StrataSQLite"]),
        .testTarget(name: "StrataAuthTests", dependencies: ["StrataAuth", "StrataSQLite", "_StrataTestSupport"]),
        .testTarget(name: "StrataDashboardTests", dependencies: ["StrataDashboard", "StrataServer", "StrataSQLite", "_StrataTestSupport", "StrataCLI",
                                                            .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "StrataServerTests", dependencies: [
            "StrataServer", "StrataAuth", "StrataSQLite", "StrataHTTPStore", "_StrataTestSupport", "StrataCLI",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)

// The libFuzzer harness has no `main` (libFuzzer supplies it), so it links only with
// `-sanitize=fuzzer`: Benchmarks/fuzz.sh sets STRATA_FUZZ=1 and builds it in its own build folder.
if ProcessInfo.processInfo.environment["STRATA_FUZZ"] == "1" {
    package.targets.append(.executableTarget(name: "strata-fuzz", dependencies: ["_StrataFuzz"], path: "Fuzz/Harness"))
}
