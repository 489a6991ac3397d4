import Foundation

/// The chosen trial's per-customer silhouette values (`silhouette.json`, recorded on a seeded
/// sample of at most 5,000 rows), per segment sorted descending as in scikit-learn's silhouette
/// plot. A larger record is thinned here to at most ``ReportOptions/maximumCurvePoints`` values
/// in all (each segment keeps its share, at least one, at evenly spaced ranks, so the bars keep
/// their shape).
///
/// ```swift
/// let plot = try ReportSilhouette.read(data, located: located, maximumSamples: 4_000)
/// plot.clusters.map(\.values.count)
/// ```
public struct ReportSilhouette: Codable, Sendable, Hashable {
    public struct Cluster: Codable, Sendable, Hashable {
        public var label: Int
        /// Values recorded for this segment (before thinning).
        public var count: Int
        public var values: [Double]
    }

    public var component: String
    public var average: Double?
    /// Customers clustered (nil when not recorded), values recorded in all, and kept.
    public var rows: Int?
    public var samples: Int
    public var kept: Int
    /// The space the distances were measured in (`shared`: the scaled features).
    public var space: String?
    public var clusters: [Cluster]

    /// The recorded layout.
    struct Recorded: Decodable {
        struct Cluster: Decodable { var label: Int; var values: [Double] }
        var average: Double?
        var rowCount: Int?
        var space: String?
        var clusters: [Cluster]
    }

    static func read(_ data: Data, located: ReportTrialArtifacts.Located, maximumSamples: Int) throws -> ReportSilhouette {
        let recorded = try ReportJSON.decode(Recorded.self, data, located)
        let total = recorded.clusters.reduce(0) { $0 + $1.values.count }
        var clusters: [Cluster] = []
        for cluster in recorded.clusters {
            let sorted = cluster.values.sorted(by: >)
            let share = total <= maximumSamples ? sorted.count : max(1, sorted.count * maximumSamples / total)
            let keep = ReportCurves.indices(count: sorted.count, maximum: share)
            clusters.append(Cluster(label: cluster.label, count: sorted.count, values: keep.map { sorted[$0] }))
        }
        return ReportSilhouette(component: located.holder, average: recorded.average, rows: recorded.rowCount, samples: total,
                                kept: clusters.reduce(0) { $0 + $1.values.count }, space: recorded.space, clusters: clusters)
    }
}
