import StrataCore

/// How a labelling divides the rows: the size facts a segmentation is judged by before any
/// score (too many clusters, too much noise, one giant segment).
///
/// ```swift
/// let sizes = try ClusterSizeSummary(labels: model.labels)
/// sizes.clusterCount, sizes.noiseFraction, sizes.largestShare, sizes.clustersCovering95Percent
/// ```
///
/// Definitions (label `-1` is noise, never a cluster):
/// - ``clusterCount``: distinct labels ≥ 0.
/// - ``noiseFraction``: noise rows / all rows.
/// - ``largestShare``: rows of the largest cluster / **all** rows (noise included), so a
///   clustering that leaves most rows as noise cannot look balanced.
/// - ``clustersCovering95Percent``: the fewest clusters, largest first, that together hold at
///   least 95 % of the **clustered** (non-noise) rows — the number of segments that matter;
///   0 when every row is noise.
///
/// Complexity: O(n) time, O(k) memory.
public struct ClusterSizeSummary: Codable, Hashable, Sendable {
    /// All rows, noise included.
    public let rowCount: Int
    /// Distinct non-noise labels.
    public let clusterCount: Int
    /// Share of rows labelled `-1`.
    public let noiseFraction: Double
    /// The largest cluster's rows over all rows (0 without clusters).
    public let largestShare: Double
    /// The smallest cluster's rows (0 without clusters).
    public let smallestClusterSize: Int
    /// The fewest clusters (largest first) holding ≥ 95 % of the clustered rows.
    public let clustersCovering95Percent: Int

    /// Summarises `labels`; throws on a label below −1.
    public init(labels: [Int]) throws(StrataError) {
        var counts = [Int: Int]()
        var noise = 0
        for (row, label) in labels.enumerated() {
            if label < -1 {
                throw .invalidArgument("cluster sizes: label \(label) at row \(row) is invalid; labels are cluster numbers ≥ 0, or -1 for noise")
            }
            if label == -1 { noise += 1 } else { counts[label, default: 0] += 1 }
        }
        let sizes = counts.values.sorted(by: >)
        let clustered = labels.count - noise
        var covering = 0, held = 0
        // Integer comparison (held / clustered ≥ 0.95) so 95 % is exact at any size.
        while covering < sizes.count && held * 100 < clustered * 95 {
            held += sizes[covering]
            covering += 1
        }
        rowCount = labels.count
        clusterCount = sizes.count
        noiseFraction = labels.isEmpty ? 0 : Double(noise) / Double(labels.count)
        largestShare = labels.isEmpty ? 0 : Double(sizes.first ?? 0) / Double(labels.count)
        smallestClusterSize = sizes.last ?? 0
        clustersCovering95Percent = covering
    }
}
