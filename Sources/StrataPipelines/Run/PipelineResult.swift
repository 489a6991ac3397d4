import StrataCore

/// What `strata run` (and each sweep trial) produced: the steps, the labels, the scores, and
/// whether the attempt counts.
public struct PipelineResult: Sendable {
    public var trial: String
    public var outcome: PipelineExecution.Outcome
    /// Every recorded score, by ``PipelineMetrics`` name.
    public var scores: [String: Double]
    /// The objective's value (nil when it is undefined for this labelling, e.g. one cluster).
    public var objectiveValue: Double?
    /// Why the attempt is infeasible (a broken constraint or an undefined objective), or nil.
    public var infeasibleReason: String?
    /// The fitted pipeline.
    public var model: SegmentationModel
    public var dataSeconds: Double
    /// `silhouette.json`, computed with the shared-space silhouette score (nil when undefined).
    public var silhouette: SilhouetteArtifact?

    public var isFeasible: Bool { infeasibleReason == nil }
}
