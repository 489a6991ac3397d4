import Foundation
import StrataTracking

extension PipelineRecording {
    /// `k_distance.json` (density clusterers) and `silhouette.json`: what the dashboard and the
    /// report plot and cannot cheaply recompute. Both are bounded in size (≤ 2,000 curve points,
    /// ≤ 10,000 silhouette values) whatever the row count.
    func recordDiagnostics(_ result: PipelineResult, tracker: Tracker) async throws {
        let outcome = result.outcome
        var kDistance = outcome.kDistance
        if kDistance == nil, let step = outcome.steps.last, step.parameters["method"] == .string("dbscan"),
           let minSamples = step.parameters["min_samples"]?.numberValue {
            // A given eps: the fit searched radii, not k-nearest rows; one k-nearest search here.
            kDistance = try? KDistanceArtifact.dbscan(minSamples: Int(minSamples), input: outcome.clusterInput, parameters: step.parameters, cache: cache)
        }
        if let kDistance { try await record(kDistance, tracker: tracker) }
        if let silhouette = result.silhouette {
            try await record(silhouette, tracker: tracker)
        }
    }

    private func record<A: JSONArtifact>(_ artifact: A, tracker: Tracker) async throws {
        try await tracker.logArtifact(data: try artifact.json(), name: A.fileName, mediaType: "application/json")
    }
}
