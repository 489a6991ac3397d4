// strata-tracking-writer: logs a metric series into a SQLite tracking store through a Tracker,
// flushing every N points and printing "flushed <count>" after each flush. Used by the
// multi-process and SIGKILL tests of StrataSQLite; not part of the public tool set.
//
//   strata-tracking-writer <sqlite path> <component> <points> <flush every> [pause ms after each flush]
//
// Point i has step i and value writerValue(i) = Double(i % 1000) / 10 (the tests recompute it).
import Foundation
import StrataSQLite
import StrataTracking

let arguments = CommandLine.arguments
guard arguments.count >= 5, let pointCount = Int(arguments[3]), let flushEvery = Int(arguments[4]), flushEvery > 0 else {
    FileHandle.standardError.write(Data("usage: strata-tracking-writer <sqlite path> <component> <points> <flush every> [pause ms]\n".utf8))
    exit(2)
}
/// Unbuffered, so the parent sees each line the moment the flush is durable.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let pauseMilliseconds = arguments.count > 5 ? Int(arguments[5]) ?? 0 : 0

do {
    let store = try SQLiteTrackingStore(path: arguments[1])
    // Only explicit flushes: the count and the timer are set out of reach so that each reported
    // flush is exactly what is durable.
    let tracker = try await Tracker(store: store, component: arguments[2],
                                    options: .init(flushCount: pointCount + 1, flushInterval: .seconds(86_400)))
    for index in 0..<pointCount {
        try await tracker.logMetric("value", Double(index % 1000) / 10, step: index)
        if (index + 1) % flushEvery == 0 {
            try await tracker.flush()
            say("flushed \(index + 1)")
            if pauseMilliseconds > 0 { try await Task.sleep(for: .milliseconds(pauseMilliseconds)) }
        }
    }
    try await tracker.close()
    say("done \(pointCount)")
} catch {
    FileHandle.standardError.write(Data("strata-tracking-writer: \(error)\n".utf8))
    exit(1)
}
