import Foundation
import StrataCore
import StrataData
import StrataEvaluation
import StrataTracking

/// Records a finished run: the trial (with the objective and feasibility in its metadata), one
/// component `<trial>-<step>` per step, and the artifacts.
struct PipelineRecording {
    let store: any TrackingStore
    let artifacts: PipelineRunner.ArtifactChoice
    /// The step cache the run used: it notes which component holds each cached embedding.
    var cache: StepCache?

    /// Trial metadata keys a run writes (sweeps read them back).
    enum Key {
        static let pipeline = "pipeline"
        static let objectiveMetric = "objective.metric"
        static let objectiveValue = "objective.value"
        static let feasible = "feasible"
        static let infeasibleReason = "infeasible_reason"
    }

    /// The reduce component's pointer to the component holding its (cached) embedding.
    static let embeddingComponent = "embedding_component"
    static let embeddingFile = "embedding.csv"

    /// The files of a clustering that do not depend on its scores — `labels.csv` in a scratch
    /// directory, the profile's CSV and JSON — so a run makes them while its scores are computed.
    struct ClusteringFiles: Sendable {
        /// A fresh directory the record removes when done.
        let scratch: URL
        let labels: URL
        let profile: (csv: Data, json: Data)?
    }

    /// Writes `labels.csv` into a new scratch directory and formats the profile (when recorded).
    func clusteringFiles(_ outcome: PipelineExecution.Outcome, data: PipelineData) throws -> ClusteringFiles {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("strata-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        do {
            let labels = scratch.appendingPathComponent("labels.csv")
            try CSVWriter().writeLabels(outcome.labels, ids: data.table.ids, to: labels)
            var profile: (csv: Data, json: Data)?
            if artifacts.profile {
                // Segment profile on the original (unscaled) columns. The JSON is compact: with
                // hundreds of segments, indentation would double the file.
                let segments = try SegmentProfile(data: data.table.matrix, columnNames: data.table.columnNames, labels: outcome.labels,
                                                  baseline: profileBaseline(data))
                profile = (Data(segments.csv().utf8), segments.compactJSON())
            }
            return ClusteringFiles(scratch: scratch, labels: labels, profile: profile)
        } catch {
            try? FileManager.default.removeItem(at: scratch)
            throw error
        }
    }

    /// Records `result`; `files` are its ``ClusteringFiles`` when already made (else they are made here).
    func record(_ result: PipelineResult, spec: PipelineSpec, data: PipelineData, experiment: String,
                metadata: [String: String], files given: ClusteringFiles? = nil) async throws {
        _ = try await store.loadOrCreateExperiment(experiment)
        var meta = metadata
        meta[Key.pipeline] = spec.name
        meta[Key.objectiveMetric] = "\(spec.objective.metric) (\(spec.objective.direction.rawValue))"
        meta[Key.feasible] = result.isFeasible ? "true" : "false"
        if let value = result.objectiveValue { meta[Key.objectiveValue] = String(value) }
        if let reason = result.infeasibleReason { meta[Key.infeasibleReason] = String(reason.prefix(1_000)) }
        _ = try await store.loadOrCreateTrial(result.trial, experiment: experiment, metadata: meta)
        _ = try await store.updateTrial(result.trial, EntityUpdate(metadata: meta))

        let files = try given ?? clusteringFiles(result.outcome, data: data)
        let scratch = files.scratch
        defer { try? FileManager.default.removeItem(at: scratch) }
        let dataPath = spec.data.path

        for step in result.outcome.steps {
            let component = "\(result.trial)-\(step.kind)"
            try await Tracker.with(store: store, component: component, trials: [result.trial]) { tracker in
                try await tracker.logParameters(step.parameters)
                try await tracker.logParameter("cache_hit", .string(step.cacheHit ? "true" : "false"))
                try await tracker.logMetric("seconds", step.seconds)
                if step.kind == result.outcome.steps.first?.kind {
                    try await tracker.logInput("data", value: dataPath, mediaType: "text/csv")
                    try await tracker.logMetric("load_seconds", result.dataSeconds)
                }
                if let key = step.cacheKey { try await tracker.logOutput("cache_key", value: key) }
                if step.kind == "reduce", artifacts.embedding, let embedding = result.outcome.embedding {
                    try await recordEmbedding(embedding, step: step, component: component, experiment: experiment,
                                              tracker: tracker, spec: spec, data: data, scratch: scratch)
                }
                if step.kind == "cluster" { try await recordClustering(result, tracker: tracker, files: files) }
            }
        }
    }

    /// `embedding.csv` on the reduce component — or, when the embedding came from the step cache
    /// and a component of the same experiment already holds that file, the output
    /// `embedding_component` naming it (a sweep over clusterers would otherwise store one copy per trial).
    private func recordEmbedding(_ embedding: Matrix, step: StepOutcome, component: String, experiment: String, tracker: Tracker,
                                 spec: PipelineSpec, data: PipelineData, scratch: URL) async throws {
        if step.cacheHit, let key = step.cacheKey, let holder = cache?.holder(of: key),
           await holds(holder, embeddingFor: experiment) {
            if holder != component { try await tracker.logOutput(Self.embeddingComponent, value: holder) }
            return
        }
        let file = scratch.appendingPathComponent(Self.embeddingFile)
        let names = (0..<embedding.columns).map { "\(spec.reduce?.methodName ?? "dim")\($0 + 1)" }
        try CSVWriter().write(embedding, columnNames: names, ids: data.table.ids, idColumn: "id", to: file)
        try await tracker.logArtifact(file: file, name: Self.embeddingFile, mediaType: "text/csv")
        if let key = step.cacheKey { cache?.setHolder(component, of: key) }
    }

    /// Whether `component` exists, holds `embedding.csv` and belongs to a trial of `experiment`
    /// (so a viewer of this experiment may read it).
    private func holds(_ component: String, embeddingFor experiment: String) async -> Bool {
        guard let stored = try? await store.component(named: component), stored.outputs[Self.embeddingFile] != nil else { return false }
        for trial in stored.trials where (try? await store.trial(named: trial))?.experimentName == experiment { return true }
        return false
    }

    /// The data's overall statistics (and columns' order) for profiles, once per data in a
    /// process with a memo (a sweep worker profiles every attempt over the same table).
    private func profileBaseline(_ data: PipelineData) throws -> SegmentProfile.Baseline {
        let key = "profile-baseline \(data.contentKey)"
        if let kept = cache?.memo?.value(key, as: SegmentProfile.Baseline.self) { return kept }
        let baseline = try SegmentProfile.Baseline(data: data.table.matrix)
        cache?.memo?.keep(key, baseline, bytes: baseline.byteCount)
        return baseline
    }

    private func recordClustering(_ result: PipelineResult, tracker: Tracker, files: ClusteringFiles) async throws {
        for (name, value) in result.scores.sorted(by: { $0.key < $1.key }) { try await tracker.logMetric(name, value) }
        var sizes = [Int](repeating: 0, count: (result.outcome.labels.max() ?? -1) + 1)
        for label in result.outcome.labels where label >= 0 { sizes[label] += 1 }
        for (label, size) in sizes.enumerated() { try await tracker.logMetric("cluster_size", Double(size), step: label) }
        try await tracker.logArtifact(file: files.labels, name: "labels.csv", mediaType: "text/csv")
        try await recordDiagnostics(result, tracker: tracker)
        if let profile = files.profile {
            try await tracker.logArtifact(data: profile.csv, name: "profile.csv", mediaType: "text/csv")
            try await tracker.logArtifact(data: profile.json, name: "profile.json", mediaType: "application/json")
        }
        if artifacts.model {
            try await tracker.logArtifact(data: try result.model.encoded(), name: "model.strata-model",
                                          mediaType: "application/vnd.strata.segmentation-model")
        }
    }
}
