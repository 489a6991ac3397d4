import Foundation
import StrataTracking

extension StoreConformance {
    static var writeChecks: [Check] {
        [
            Check(name: "parameters upsert by name, number or string") { store in
                _ = try await store.loadOrCreateComponent("c")
                try await store.apply(TrackingWriteBatch(component: "c", parameters: ["k": 4, "algorithm": "kmeans"]))
                try await store.apply(TrackingWriteBatch(component: "c", parameters: ["k": 5, "scaler": "standard"]))
                try requireEqual(try await store.component(named: "c").parameters,
                                 ["k": .number(5), "algorithm": .string("kmeans"), "scaler": .string("standard")], "parameters")
                try await store.apply(TrackingWriteBatch(component: "c", parameters: ["k": "auto"]))
                try requireEqual(try await store.component(named: "c").parameters["k"], .string("auto"), "type change")
            },
            Check(name: "parameter limits are errors and change nothing") { store in
                _ = try await store.loadOrCreateComponent("c")
                let many = Dictionary(uniqueKeysWithValues: (0..<300).map { ("p\($0)", ParameterValue.number(Double($0))) })
                try await store.apply(TrackingWriteBatch(component: "c", parameters: many))
                try await requireError("301st parameter", isLimit) {
                    try await store.apply(TrackingWriteBatch(component: "c", parameters: ["extra": 1],
                                                             metricPoints: [MetricPoint(name: "m", value: 1, timestamp: 1)]))
                }
                let component = try await store.component(named: "c")
                try requireEqual(component.parameters.count, 300, "parameters after failed batch")
                try requireEqual(component.metrics.count, 0, "failed batch wrote no metric")
                try await requireError("long string", isInvalidValue) {
                    try await store.apply(TrackingWriteBatch(component: "c", parameters: ["p0": .string(String(repeating: "x", count: 2_501))]))
                }
                try await requireError("NaN parameter", { $0 == .nonFiniteParameter(name: "p1") }) {
                    try await store.apply(TrackingWriteBatch(component: "c", parameters: ["p1": .number(.nan)]))
                }
                try await store.apply(TrackingWriteBatch(component: "c", parameters: ["p0": .string(String(repeating: "x", count: 2_500))]))
            },
            Check(name: "artifacts are upserted per direction") { store in
                _ = try await store.loadOrCreateComponent("c")
                let data = Artifact(value: "file:///data/customers.csv", mediaType: "text/csv", sizeBytes: 10,
                                    sha256: String(repeating: "a", count: 64))
                try await store.apply(TrackingWriteBatch(component: "c", artifacts: [
                    .init(direction: .input, name: "customers", artifact: data),
                    .init(direction: .output, name: "customers", artifact: Artifact(value: "s3://bucket/labels.csv")),
                ]))
                var component = try await store.component(named: "c")
                try requireEqual(component.inputs, ["customers": data], "inputs")
                try requireEqual(component.outputs, ["customers": Artifact(value: "s3://bucket/labels.csv")], "outputs")
                try await store.apply(TrackingWriteBatch(component: "c", artifacts: [
                    .init(direction: .output, name: "customers", artifact: Artifact(value: "v2", mediaType: "text/plain")),
                ]))
                component = try await store.component(named: "c")
                try requireEqual(component.outputs["customers"]?.value, "v2", "replaced")
                try await requireError("long artifact value", isInvalidValue) {
                    try await store.apply(TrackingWriteBatch(component: "c", artifacts: [
                        .init(direction: .input, name: "x", artifact: Artifact(value: String(repeating: "u", count: 2_049))),
                    ]))
                }
            },
            Check(name: "metric summaries are kept as points arrive") { store in
                _ = try await store.loadOrCreateComponent("c")
                var generator = SystemRandomNumberGenerator()
                var values: [Double] = []
                for batch in 0..<5 {
                    var points: [MetricPoint] = []
                    for i in 0..<200 {
                        let value = Double.random(in: -3...7, using: &generator) * 1e3 + 5e6
                        values.append(value)
                        points.append(MetricPoint(name: "loss", value: value, step: batch * 200 + i, timestamp: Double(batch)))
                    }
                    try await store.apply(TrackingWriteBatch(component: "c", metricPoints: points))
                }
                let summary = try await store.component(named: "c").metrics["loss"]
                guard let summary else { throw ConformanceFailure("summary missing") }
                let mean = values.reduce(0, +) / Double(values.count)
                let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
                try requireEqual(summary.count, 1_000, "count")
                try requireEqual(summary.minimum, values.min()!, "min")
                try requireEqual(summary.maximum, values.max()!, "max")
                try requireClose(summary.average, mean, "avg", tolerance: 1e-12)
                try requireClose(summary.standardDeviation, variance.squareRoot(), "std (population)", tolerance: 1e-7)
                try requireEqual(summary.last, values.last!, "last")
                try requireEqual(summary.lastStep, 999, "last step")
                let series = try await store.metricSeries(component: "c", metric: "loss")
                try requireEqual(series.map(\.value), values, "series in step order")
                try requireEqual(series.map(\.step), Array(0..<1_000).map(Optional.some), "steps")
            },
            Check(name: "last is the highest step, then latest timestamp, then latest arrival") { store in
                _ = try await store.loadOrCreateComponent("c")
                func last(_ metric: String) async throws -> Double? {
                    try await store.component(named: "c").metrics[metric]?.last
                }
                try await store.apply(TrackingWriteBatch(component: "c", metricPoints: [
                    MetricPoint(name: "a", value: 1, step: 5, timestamp: 10),
                    MetricPoint(name: "a", value: 2, step: 3, timestamp: 20),
                ]))
                try requireEqual(try await last("a"), 1, "higher step wins over later arrival")
                try await store.apply(TrackingWriteBatch(component: "c", metricPoints: [
                    MetricPoint(name: "a", value: 3, step: 5, timestamp: 9),
                ]))
                try requireEqual(try await last("a"), 1, "same step, earlier timestamp loses")
                try await store.apply(TrackingWriteBatch(component: "c", metricPoints: [
                    MetricPoint(name: "a", value: 4, step: 5, timestamp: 10),
                ]))
                try requireEqual(try await last("a"), 4, "same step and timestamp: latest arrival wins")
                try await store.apply(TrackingWriteBatch(component: "c", metricPoints: [
                    MetricPoint(name: "b", value: 7, step: nil, timestamp: 5),
                    MetricPoint(name: "b", value: 8, step: nil, timestamp: 4),
                ]))
                try requireEqual(try await last("b"), 7, "no steps: latest timestamp wins")
                try await store.apply(TrackingWriteBatch(component: "c", metricPoints: [
                    MetricPoint(name: "b", value: 9, step: 0, timestamp: 1),
                ]))
                try requireEqual(try await last("b"), 9, "any step outranks a missing one")
                try requireEqual(try await store.component(named: "c").metrics["a"]?.count, 4, "count")
            },
            Check(name: "NaN and infinite metrics are rejected by name, atomically") { store in
                _ = try await store.loadOrCreateComponent("c")
                for bad in [Double.nan, .infinity, -.infinity] {
                    try await requireError("value \(bad)", { if case .nonFiniteMetric("silhouette", _) = $0 { true } else { false } }) {
                        try await store.apply(TrackingWriteBatch(component: "c", metricPoints: [
                            MetricPoint(name: "ok", value: 1, timestamp: 1),
                            MetricPoint(name: "silhouette", value: bad, timestamp: 1),
                        ]))
                    }
                }
                try requireEqual(try await store.component(named: "c").metrics.count, 0, "nothing written")
                try requireEqual(try await store.metricSeries(component: "c", metric: "ok").count, 0, "no points")
            },
            Check(name: "status and times change through the write primitive") { store in
                _ = try await store.loadOrCreateComponent("c")
                try await store.apply(TrackingWriteBatch(component: "c", statusChange: .init(startTime: 1_700_000_000)))
                var component = try await store.component(named: "c")
                try requireEqual(component.status.primary, .inProgress, "status untouched")
                try requireEqual(component.startTime, Date(timeIntervalSince1970: 1_700_000_000), "start time")
                try await store.apply(TrackingWriteBatch(component: "c", statusChange: .init(
                    status: TrialComponentStatus(.failed, message: "epsilon must be positive"), endTime: 1_700_000_060)))
                component = try await store.component(named: "c")
                try requireEqual(component.status, TrialComponentStatus(.failed, message: "epsilon must be positive"), "status")
                try requireEqual(component.endTime, Date(timeIntervalSince1970: 1_700_000_060), "end time")
                try requireEqual(component.startTime, Date(timeIntervalSince1970: 1_700_000_000), "start kept")
                try await requireError("unknown component", isNotFound) {
                    try await store.apply(TrackingWriteBatch(component: "missing", parameters: ["a": 1]))
                }
            },
            Check(name: "concurrent batches lose nothing") { store in
                _ = try await store.loadOrCreateComponent("c")
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for task in 0..<8 {
                        group.addTask {
                            for batch in 0..<10 {
                                let points = (0..<100).map {
                                    MetricPoint(name: "m", value: Double(task * 1_000 + batch * 100 + $0), step: batch * 100 + $0,
                                                timestamp: 1)
                                }
                                try await store.apply(TrackingWriteBatch(component: "c", metricPoints: points))
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let summary = try await store.component(named: "c").metrics["m"]
                try requireEqual(summary?.count, 8_000, "count")
                try requireEqual(summary?.minimum, 0, "min")
                try requireEqual(summary?.maximum, 7_999, "max")
                try requireClose(summary?.average ?? 0, 3_999.5, "avg")
                try requireEqual(try await store.metricSeries(component: "c", metric: "m").count, 8_000, "points")
            },
            Check(name: "deleting a component removes its record") { store in
                _ = try await store.loadOrCreateComponent("c", displayName: nil, tags: ["t": "1"])
                try await store.apply(TrackingWriteBatch(component: "c", parameters: ["a": 1],
                                                         metricPoints: [MetricPoint(name: "m", value: 1, timestamp: 1)]))
                try await store.deleteComponent("c")
                try await requireError("gone", isNotFound) { _ = try await store.component(named: "c") }
                let again = try await store.loadOrCreateComponent("c")
                try requireEqual(again.parameters.count + again.metrics.count + again.tags.count, 0, "recreated empty")
                try requireEqual(try await store.metricSeries(component: "c", metric: "m").count, 0, "points gone")
            },
        ]
    }
}
