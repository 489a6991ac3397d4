// bench-tracking: logs N metric points through a Tracker into a fresh SQLite store and prints
// the wall time as JSON. Driven by Benchmarks/bench_tracking.py, which runs MLflow's SQLite
// store on the same workload in the same run.
//
//   bench-tracking <sqlite path> <points> [flush count]
import Foundation
import GRDB
import StrataSQLite
import StrataTracking

let arguments = CommandLine.arguments
guard arguments.count >= 3, let pointCount = Int(arguments[2]), pointCount > 0 else {
    FileHandle.standardError.write(Data("usage: bench-tracking <sqlite path> <points> [flush count]\n".utf8))
    exit(2)
}
let flushCount = arguments.count > 3 ? Int(arguments[3]) ?? 10_000 : 10_000

do {
    let store = try SQLiteTrackingStore(path: arguments[1])
    let clock = ContinuousClock()
    let start = clock.now
    let tracker = try await Tracker(store: store, component: "bench",
                                    options: .init(flushCount: flushCount, flushInterval: .seconds(1)))
    let base = Date(timeIntervalSince1970: 1_700_000_000)
    for step in 0..<pointCount {
        // Same series as the MLflow half: value = step / 1000, one millisecond apart.
        try await tracker.logMetric("loss", Double(step) / 1000, step: step,
                                    timestamp: base.addingTimeInterval(Double(step) / 1000))
    }
    try await tracker.close()
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let (stored, count) = try await store.withReadDatabase { db in
        (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM metric_points") ?? 0,
         try Int.fetchOne(db, sql: "SELECT count FROM metric_summaries WHERE name = 'loss'") ?? 0)
    }
    print("{\"seconds\": \(seconds), \"points\": \(pointCount), \"stored\": \(stored), \"summary_count\": \(count), \"flush_count\": \(flushCount)}")
} catch {
    FileHandle.standardError.write(Data("bench-tracking: \(error)\n".utf8))
    exit(1)
}
