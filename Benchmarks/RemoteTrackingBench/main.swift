import Foundation
import StrataHTTPStore
import StrataTracking

// bench-remote-tracking: N metric points logged through the Tracker (default buffering) into a
// `strata serve` server over HTTP, then counted back. Benchmarks/bench_remote_tracking.sh
// starts the server on a fresh SQLite store and runs this.
//
//   bench-remote-tracking --url http://127.0.0.1:8080 [--points 1000000] [--metrics 4] [--flush-count 10000]

var arguments = CommandLine.arguments.dropFirst()
var url = ProcessInfo.processInfo.environment["STRATA_STORE"] ?? "http://127.0.0.1:8080"
var points = 1_000_000
var metricCount = 4
var flushCount = Tracker.Options().flushCount
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst() else { fatalError("\(flag) needs a value") }
    switch flag {
    case "--url": url = value
    case "--points": points = Int(value) ?? points
    case "--metrics": metricCount = Int(value) ?? metricCount
    case "--flush-count": flushCount = Int(value) ?? flushCount
    default: fatalError("unknown option \(flag)")
    }
}

let store = try HTTPTrackingStore(url: url)
let suffix = String(UInt32.random(in: 0..<UInt32.max), radix: 36)
_ = try await store.loadOrCreateExperiment("bench-remote")
_ = try await store.loadOrCreateTrial("bench-remote-\(suffix)", experiment: "bench-remote")
let component = "bench-remote-\(suffix)-fit"
let names = (0..<metricCount).map { "metric-\($0)" }

let start = DispatchTime.now().uptimeNanoseconds
let tracker = try await Tracker(store: store, component: component, trials: ["bench-remote-\(suffix)"],
                                options: .init(flushCount: flushCount))
for i in 0..<points {
    try await tracker.logMetric(names[i % metricCount], Double(i) * 0.001, step: i / metricCount)
}
try await tracker.close()
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9

let stored = try await store.component(named: component).metrics.values.reduce(0) { $0 + $1.count }
guard stored == points else {
    FileHandle.standardError.write(Data("bench-remote-tracking: the server holds \(stored) points, expected \(points)\n".utf8))
    exit(1)
}
print("\(points) metric points through the Tracker into \(url) in \(String(format: "%.2f", seconds)) s "
      + "(\(Int(Double(points) / seconds)) points/s, flush every \(flushCount)); all \(stored) counted back")
