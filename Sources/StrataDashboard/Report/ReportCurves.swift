/// Evenly spaced positions of a long ordered series: what keeps a curve's shape (a sorted
/// k-distance curve, a silhouette plot's sorted bars) while bounding the report's size.
enum ReportCurves {
    /// `min(count, maximum)` indices into `0..<count`, ascending, first and last included,
    /// plus `keep` (e.g. the knee) when given.
    static func indices(count: Int, maximum: Int, keep: Int? = nil) -> [Int] {
        guard count > maximum else { return Array(0..<count) }
        guard maximum >= 2 else { return count > 0 ? [keep ?? 0] : [] }
        var picked = Set((0..<maximum).map { Int((Double($0) * Double(count - 1) / Double(maximum - 1)).rounded()) })
        if let keep, (0..<count).contains(keep) { picked.insert(keep) }
        return picked.sorted()
    }
}
