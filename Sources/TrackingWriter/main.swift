// strata-tracking-writer: logs a metric series into a SQLite tracking store through a Tracker,
// flushing every N points and printing "flushed <count>" after each flush. Used by the
// multi-process, SIGKILL and signal tests of StrataSQLite; not part of the public tool set.
//
//   strata-tracking-writer <sqlite path> <component> <points> <flush every> [pause ms after each flush]
//                          [--no-close | --wait-for-signal]
//
// --no-close: the tracker is released without close() before a normal exit (its deinit flushes).
// --wait-for-signal: the tracker stops on SIGINT/SIGTERM; after logging it prints "logged <count>"
// and waits for a signal.
//
// Point i has step i and value writerValue(i) = Double(i % 1000) / 10 (the tests recompute it).
import Foundation
import StrataSQLite
import StrataTracking

let flags = Set(CommandLine.arguments.dropFirst().filter { $0.hasPrefix("--") })
let arguments = CommandLine.arguments.filter { !$0.hasPrefix("--") }
guard arguments.count >= 5, let pointCount = Int(arguments[3]), let flushEvery = Int(arguments[4]), flushEvery > 0,
      flags.isSubset(of: ["--no-close", "--wait-for-signal"]) else {
    FileHandle.standardError.write(Data("usage: strata-tracking-writer <sqlite path> <component> <points> <flush every> [pause ms] [--no-close | --wait-for-signal]\n".utf8))
    exit(2)
}
/// Unbuffered, so the parent sees each line the moment the flush is durable.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let pauseMilliseconds = arguments.count > 5 ? Int(arguments[5]) ?? 0 : 0

/// Logs the series; returns the tracker still open.
func logSeries(_ store: SQLiteTrackingStore) async throws -> Tracker {
    // Only explicit flushes: the count and the timer are set out of reach so that each reported
    // flush is exactly what is durable.
    let tracker = try await Tracker(store: store, component: arguments[2],
                                    options: .init(flushCount: pointCount + 1, flushInterval: .seconds(86_400),
                                                   stopsOnTerminationSignal: flags.contains("--wait-for-signal")))
    for index in 0..<pointCount {
        try await tracker.logMetric("value", Double(index % 1000) / 10, step: index)
        if (index + 1) % flushEvery == 0 {
            try await tracker.flush()
            say("flushed \(index + 1)")
            if pauseMilliseconds > 0 { try await Task.sleep(for: .milliseconds(pauseMilliseconds)) }
        }
    }
    return tracker
}

do {
    let store = try SQLiteTrackingStore(path: arguments[1])
    if flags.contains("--no-close") {
        _ = try await logSeries(store)   // released here, unclosed
        say("released \(pointCount)")
    } else if flags.contains("--wait-for-signal") {
        let tracker = try await logSeries(store)
        say("logged \(pointCount)")
        // Only a signal ends this: the handler flushes, marks the component Stopped and exits.
        while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
        try await tracker.close()
    } else {
        let tracker = try await logSeries(store)
        try await tracker.close()
        say("done \(pointCount)")
    }
} catch {
    FileHandle.standardError.write(Data("strata-tracking-writer: \(error)\n".utf8))
    exit(1)
}
