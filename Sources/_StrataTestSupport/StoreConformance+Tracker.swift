import Foundation
import StrataTracking

extension StoreConformance {
    struct Boom: LocalizedError { var errorDescription: String? { "k-means did not converge" } }

    static var trackerChecks: [Check] {
        [
            Check(name: "Tracker.with records Completed with times") { store in
                _ = try await store.loadOrCreateExperiment("exp")
                _ = try await store.loadOrCreateTrial("t1", experiment: "exp")
                _ = try await store.loadOrCreateTrial("t2", experiment: "exp")
                let before = Date()
                let value = try await Tracker.with(store: store, component: "fit", trials: ["t1", "t2"]) { tracker in
                    try await tracker.logParameters(["algorithm": "kmeans", "k": 4])
                    try await tracker.logInput("data", value: "file:///c.csv", mediaType: "text/csv")
                    try await tracker.logOutput("labels", value: "s3://b/l.csv")
                    for step in 0..<10 { try await tracker.logMetric("inertia", Double(100 - step), step: step) }
                    return 42
                }
                try requireEqual(value, 42, "result passed through")
                let component = try await store.component(named: "fit")
                try requireEqual(component.status, TrialComponentStatus(.completed), "status")
                try require((component.startTime ?? .distantPast) >= before.addingTimeInterval(-1), "start time set")
                try require((component.endTime ?? .distantPast) >= (component.startTime ?? .distantFuture), "end after start")
                try requireEqual(component.trials, ["t1", "t2"], "trials")
                try requireEqual(component.parameters, ["algorithm": "kmeans", "k": 4], "parameters")
                try requireEqual(component.inputs["data"]?.mediaType, "text/csv", "input")
                try requireEqual(component.outputs["labels"]?.value, "s3://b/l.csv", "output")
                try requireEqual(component.metrics["inertia"]?.count, 10, "metric count")
                try requireEqual(component.metrics["inertia"]?.last, 91, "metric last")
            },
            Check(name: "Tracker.with records Failed with the message and rethrows") { store in
                do {
                    try await Tracker.with(store: store, component: "fit") { tracker in
                        try await tracker.logMetric("inertia", 5)
                        throw Boom()
                    }
                    throw ConformanceFailure("error was swallowed")
                } catch is Boom {}
                let component = try await store.component(named: "fit")
                try requireEqual(component.status, TrialComponentStatus(.failed, message: "k-means did not converge"), "status")
                try require(component.endTime != nil, "end time set")
                try requireEqual(component.metrics["inertia"]?.count, 1, "points logged before the failure kept")
            },
            Check(name: "Tracker rejects bad input with clear errors") { store in
                let tracker = try await Tracker(store: store, component: "c")
                try await requireError("NaN metric", { if case .nonFiniteMetric("loss", _) = $0 { true } else { false } }) {
                    try await tracker.logMetric("loss", .nan)
                }
                let many = Dictionary(uniqueKeysWithValues: (0..<300).map { ("p\($0)", ParameterValue.number(1)) })
                try await tracker.logParameters(many)
                try await requireError("301 parameters", isLimit) { try await tracker.logParameter("one-more", 1) }
                for bad in ["..", "../x", "a/b", "/etc/passwd", ".hidden", "a\u{0}b", ""] {
                    try await requireError("artifact name \(bad.debugDescription)", {
                        if case .unsafeArtifactName = $0 { true } else { false }
                    }) { try await tracker.logArtifact(file: URL(fileURLWithPath: "/dev/null"), name: bad) }
                }
                try await tracker.close()
                try await tracker.close()
                try await requireError("after close", { if case .trackerClosed = $0 { true } else { false } }) {
                    try await tracker.logMetric("loss", 1)
                }
                try requireEqual(try await store.component(named: "c").parameters.count, 300, "flushed on close")
            },
            Check(name: "logArtifact copies the file with size and SHA-256") { store in
                let source = FileManager.default.temporaryDirectory.appendingPathComponent("strata-artifact-\(UUID().uuidString).txt")
                try Data("abc".utf8).write(to: source)
                defer { try? FileManager.default.removeItem(at: source) }
                let tracker = try await Tracker(store: store, component: "c")
                let artifact = try await tracker.logArtifact(file: source, name: "labels.csv", mediaType: "text/csv")
                try await tracker.close()
                try requireEqual(artifact.sizeBytes, 3, "size")
                try requireEqual(artifact.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "SHA-256 of abc")
                let copy = store.artifactDirectory.appendingPathComponent("c/labels.csv")
                try requireEqual(try Data(contentsOf: copy), Data("abc".utf8), "copied content")
                try requireEqual(store.artifactFileURL(artifact)?.standardizedFileURL.path, copy.standardizedFileURL.path,
                                 "value resolves to the copy")
                try requireEqual(try await store.component(named: "c").outputs["labels.csv"], artifact, "recorded as output")
            },
            Check(name: "Tracker flushes by count and by time") { store in
                // By count: the timer is out of reach, so what is stored is what the count flushed.
                let counted = try await Tracker(store: store, component: "c",
                                                options: .init(flushCount: 10, flushInterval: .seconds(3_600)))
                for step in 0..<25 { try await counted.logMetric("m", Double(step), step: step) }
                // The second count flush returns once the first is durable (one batch in flight).
                let afterCount = try await store.component(named: "c").metrics["m"]?.count ?? 0
                try require(afterCount == 10 || afterCount == 20, "count flushes wrote \(afterCount) points, expected 10 or 20")
                try await counted.close()
                try requireEqual(try await store.component(named: "c").metrics["m"]?.count, 25, "close flushed the rest")
                // By time: far below the count, only the timer writes.
                let timed = try await Tracker(store: store, component: "d",
                                              options: .init(flushCount: 1_000, flushInterval: .milliseconds(50)))
                for step in 0..<5 { try await timed.logMetric("m", Double(step), step: step) }
                var count = 0
                for _ in 0..<250 where count < 5 {
                    try await Task.sleep(for: .milliseconds(20))
                    count = try await store.component(named: "d").metrics["m"]?.count ?? 0
                }
                try requireEqual(count, 5, "timer flushed the points")
                try await timed.close()
            },
        ]
    }
}
