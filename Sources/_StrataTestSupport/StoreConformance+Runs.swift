import Foundation
import StrataTracking

extension StoreConformance {
    /// One run, one component; what a run leaves when it is not closed; where its files live.
    static var runChecks: [Check] {
        [
            Check(name: "createComponent refuses a taken name") { store in
                _ = try await store.createComponent("fit", displayName: nil, tags: [:], sourceJob: nil)
                try await store.apply(TrackingWriteBatch(component: "fit", parameters: ["k": 3]))
                try await requireError("second create", { if case .alreadyExists(.component, "fit") = $0 { true } else { false } }) {
                    _ = try await store.createComponent("fit", displayName: nil, tags: [:], sourceJob: nil)
                }
                try requireEqual(try await store.component(named: "fit").parameters, ["k": 3], "first run untouched")
            },
            Check(name: "numbered components: each concurrent run gets its own") { store in
                let names = try await withThrowingTaskGroup(of: String.self) { group in
                    for _ in 0..<6 { group.addTask { try await store.createNumberedComponent("t-kmeans").name } }
                    return try await group.reduce(into: [String]()) { $0.append($1) }
                }
                try requireEqual(Set(names), ["t-kmeans", "t-kmeans-2", "t-kmeans-3", "t-kmeans-4", "t-kmeans-5", "t-kmeans-6"],
                                 "names")
                try await store.deleteComponent("t-kmeans-3")
                try requireEqual(try await store.createNumberedComponent("t-kmeans").name, "t-kmeans-3", "first free number")
            },
            Check(name: "a Tracker released without close() flushes and says so") { store in
                do {
                    let tracker = try await Tracker(store: store, component: "forgotten",
                                                    options: .init(flushCount: 1_000, flushInterval: .seconds(3_600)))
                    for step in 0..<2_500 { try await tracker.logMetric("loss", Double(step), step: step) }
                    try await tracker.logParameter("k", 4)
                }
                let component = try await store.component(named: "forgotten")
                try requireEqual(component.metrics["loss"]?.count, 2_500, "every point, flushed or buffered")
                try requireEqual(component.metrics["loss"]?.last, 2_499, "last point")
                try requireEqual(component.parameters, ["k": 4], "parameters")
                try requireEqual(component.status.primary, .stopped, "status")
                try require(component.status.message?.contains("without close()") == true, "message \(component.status)")
                try require(component.endTime != nil, "end time")
            },
            Check(name: "a released Tracker keeps the final status it set") { store in
                do {
                    let tracker = try await Tracker(store: store, component: "c")
                    try await tracker.setStatus(TrialComponentStatus(.completed))
                    try await tracker.logMetric("m", 1)
                }
                let component = try await store.component(named: "c")
                try requireEqual(component.status, TrialComponentStatus(.completed), "status")
                try requireEqual(component.metrics["m"]?.count, 1, "point")
            },
            Check(name: "closeSynchronously flushes and marks the status") { store in
                let tracker = try await Tracker(store: store, component: "c", options: .init(flushCount: 10))
                for step in 0..<25 { try await tracker.logMetric("m", Double(step), step: step) }
                try tracker.closeSynchronously(marking: TrialComponentStatus(.stopped, message: "interrupted by SIGINT"))
                let component = try await store.component(named: "c")
                try requireEqual(component.metrics["m"]?.count, 25, "points")
                try requireEqual(component.status, TrialComponentStatus(.stopped, message: "interrupted by SIGINT"), "status")
                try await requireError("after close", { if case .trackerClosed = $0 { true } else { false } }) {
                    try await tracker.logMetric("m", 1)
                }
            },
            Check(name: "artifacts are recorded relative to the store and deleted with their component") { store in
                let source = FileManager.default.temporaryDirectory.appendingPathComponent("strata-artifact-\(UUID().uuidString).csv")
                try Data("id,label\n0,1\n".utf8).write(to: source)
                defer { try? FileManager.default.removeItem(at: source) }
                try await Tracker.with(store: store, component: "c") { tracker in
                    _ = try await tracker.logArtifact(file: source, name: "labels.csv", mediaType: "text/csv")
                }
                let artifact = try await store.component(named: "c").outputs["labels.csv"]
                try requireEqual(artifact?.value, "c/labels.csv", "relative value")
                let file = try artifact.flatMap(store.artifactFileURL) ?? { throw ConformanceFailure("value does not resolve") }()
                try requireEqual(try Data(contentsOf: file), Data("id,label\n0,1\n".utf8), "resolved content")
                try await store.deleteComponent("c")
                try require(!FileManager.default.fileExists(atPath: file.path), "file removed with the component")
                try require(!FileManager.default.fileExists(atPath: store.artifactDirectory.appendingPathComponent("c").path),
                            "component's artifact directory removed")
            },
            Check(name: "artifact values resolve: relative, absolute, file URL; others not") { store in
                let root = store.artifactDirectory
                try requireEqual(store.artifactFileURL(Artifact(value: "c/a.csv")), root.appendingPathComponent("c/a.csv"), "relative")
                try requireEqual(store.artifactFileURL(Artifact(value: "file:///data/x.csv"))?.path, "/data/x.csv", "file URL")
                try requireEqual(store.artifactFileURL(Artifact(value: "/data/x.csv"))?.path, "/data/x.csv", "absolute path")
                for value in ["s3://bucket/x.csv", "c/../../etc/passwd", "../x", "c//x", "./x"] {
                    try requireEqual(store.artifactFileURL(Artifact(value: value)), nil, value)
                }
            },
        ]
    }
}
