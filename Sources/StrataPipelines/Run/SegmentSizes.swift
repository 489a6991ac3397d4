/// Size summary of a labelling: how many clusters, how much noise, how concentrated.
public struct SegmentSizes: Sendable, Hashable, Codable {
    public var clusterCount: Int
    /// Share of rows labelled -1.
    public var noiseFraction: Double
    /// The largest cluster's share of all rows.
    public var largestClusterShare: Double
    /// The fewest clusters that together hold 95 % of the clustered (non-noise) rows.
    public var clustersHolding95Percent: Int
    /// Rows per cluster, by label.
    public var sizes: [Int]

    public init(labels: [Int]) {
        let count = (labels.max() ?? -1) + 1
        var sizes = [Int](repeating: 0, count: max(count, 0))
        var noise = 0
        for l in labels { if l >= 0 { sizes[l] += 1 } else { noise += 1 } }
        let total = max(labels.count, 1)
        let sorted = sizes.sorted(by: >)
        let clustered = labels.count - noise
        var held = 0, needed = 0
        while needed < sorted.count, Double(held) < 0.95 * Double(clustered) { held += sorted[needed]; needed += 1 }
        self.sizes = sizes
        self.clusterCount = sizes.filter { $0 > 0 }.count
        self.noiseFraction = Double(noise) / Double(total)
        self.largestClusterShare = Double(sorted.first ?? 0) / Double(total)
        self.clustersHolding95Percent = needed
    }
}
