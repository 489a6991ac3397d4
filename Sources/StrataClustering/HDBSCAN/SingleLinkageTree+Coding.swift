extension HDBSCAN.SingleLinkageTree {
    private enum ColumnKeys: String, CodingKey { case left, right, distance, size, merges }

    /// Stored as four columns (n − 1 merges: one numeric block each reads far faster than n small
    /// records); the older form, a list of merges, is still read.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: ColumnKeys.self)
        if container.contains(.merges) {
            merges = try container.decode([Merge].self, forKey: .merges)
            return
        }
        merges = try container.decodeRows((.left, .right, .distance, .size), table: "single-linkage tree") {
            (left: [Int], right: [Int], distance: [Double], size: [Int], i: Int) in
            Merge(left: left[i], right: right[i], distance: distance[i], size: size[i])
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ColumnKeys.self)
        try container.encode(merges.map(\.left), forKey: .left)
        try container.encode(merges.map(\.right), forKey: .right)
        try container.encode(merges.map(\.distance), forKey: .distance)
        try container.encode(merges.map(\.size), forKey: .size)
    }
}
