import Foundation
import StrataCore
import StrataData
import StrataTracking

/// Runs a pipeline as one recorded trial: loads the data, runs the steps (through the step
/// cache), scores the clustering, and records one component per step — parameters, timings,
/// inputs, outputs — with the labels, embedding, profile and model as artifacts.
///
/// ```swift
/// let runner = PipelineRunner(store: store, cache: StepCache.beside(storeURL: url))
/// let result = try await runner.run(spec, experiment: "segments", trial: "umap-dbscan-1")
/// ```
public struct PipelineRunner: Sendable {
    /// Where the trial is recorded; nil runs without recording.
    public var store: (any TrackingStore)?
    public var cache: StepCache?
    /// Which artifacts to keep in the store.
    public var artifacts: ArtifactChoice
    public var progress: (@Sendable (String) -> Void)?

    /// Artifacts a run stores; the labels are always kept.
    public struct ArtifactChoice: Sendable {
        public var embedding: Bool
        public var model: Bool
        public var profile: Bool
        public init(embedding: Bool = true, model: Bool = true, profile: Bool = true) {
            self.embedding = embedding; self.model = model; self.profile = profile
        }
    }

    public init(store: (any TrackingStore)?, cache: StepCache?, artifacts: ArtifactChoice = ArtifactChoice(),
                progress: (@Sendable (String) -> Void)? = nil) {
        self.store = store; self.cache = cache; self.artifacts = artifacts; self.progress = progress
    }

    /// Runs `spec` and, when a store is set, records it as trial `trial` of `experiment` with
    /// `metadata` added to the trial (sweeps put their bookkeeping there).
    public func run(_ spec: PipelineSpec, experiment: String, trial: String, metadata: [String: String] = [:]) async throws -> PipelineResult {
        let loadStart = Date()
        let data = try PipelineData.load(spec.data, url: spec.dataURL, memo: cache?.memo)
        let dataSeconds = Date().timeIntervalSince(loadStart)
        let outcome = try PipelineExecution(cache: cache, progress: progress).run(spec, data: data)
        progress?("score")
        // The record's labels and profile files do not depend on the scores: made side by side.
        let recording = store.map { PipelineRecording(store: $0, artifacts: artifacts, cache: cache) }
        let made = ResultSlots<Result<PipelineRecording.ClusteringFiles?, any Error>>(count: 1)
        let scored = Result {
            try PipelineScoring.scored(outcome, spec: spec, cache: cache) {
                made[0] = Result { try recording?.clusteringFiles(outcome, data: data) }
            }
        }
        // Unset when the scoring threw before its jobs ran.
        let files = try made[0]?.get() ?? nil
        defer { if let files { try? FileManager.default.removeItem(at: files.scratch) } }
        let (scores, silhouette) = try scored.get()
        let objective = scores[spec.objective.metric]
        var reason = PipelineScoring.violation(scores, spec.constraints)
        if reason == nil, objective == nil {
            reason = "\(spec.objective.metric) is undefined for this clustering (\(Int(scores[PipelineMetrics.clusterCount] ?? 0)) cluster(s))"
        }
        let model = try SegmentationModel(header: header(spec, outcome: outcome, data: data), steps: outcome.fitted)
        let result = PipelineResult(trial: trial, outcome: outcome, scores: scores, objectiveValue: objective,
                                    infeasibleReason: reason, model: model, dataSeconds: dataSeconds, silhouette: silhouette)
        if let recording {
            try await recording.record(result, spec: spec, data: data, experiment: experiment, metadata: metadata, files: files)
        }
        return result
    }

    private func header(_ spec: PipelineSpec, outcome: PipelineExecution.Outcome, data: PipelineData) -> SegmentationModel.Header {
        var parameters: [String: String] = [:]
        for step in outcome.steps {
            for (name, value) in step.parameters { parameters["steps.\(step.kind).\(name)"] = value.description }
        }
        return SegmentationModel.Header(formatVersion: SegmentationModel.formatVersion, strataVersion: StrataPipelinesVersion.current,
                                        pipeline: spec.name, createdAt: Date().timeIntervalSince1970,
                                        featureNames: outcome.featureNames, fillValues: data.fillValues,
                                        steps: outcome.fitted.map(\.name), parameters: parameters)
    }
}

/// The Strata release recorded in model files.
public enum StrataPipelinesVersion {
    public static let current = "0.1.0"
}
