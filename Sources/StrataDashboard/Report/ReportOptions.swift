/// How much `strata report` puts in its file.
///
/// ```swift
/// let data = try await ReportData.gather(from: store, experiment: "quickstart",
///                                        options: ReportOptions(maximumPoints: 20_000, seed: 7))
/// ```
public struct ReportOptions: Sendable, Hashable {
    /// Attempts listed in the table (the chosen one is added when it ranks lower).
    public var topAttempts: Int
    /// Embedding points drawn at most: a seeded uniform sample of the rows beyond this.
    public var maximumPoints: Int
    /// Seed of that sample: the same seed draws the same rows.
    public var seed: UInt64
    /// Points kept of the k-distance curve and samples kept of the silhouette plot (both are
    /// read as shapes, so an evenly spaced subset draws the same picture).
    public var maximumCurvePoints: Int

    public init(topAttempts: Int = 20, maximumPoints: Int = 50_000, seed: UInt64 = 0, maximumCurvePoints: Int = 4_000) {
        self.topAttempts = topAttempts; self.maximumPoints = maximumPoints; self.seed = seed
        self.maximumCurvePoints = maximumCurvePoints
    }
}
