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
        let left = try container.decode([Int].self, forKey: .left)
        let right = try container.decode([Int].self, forKey: .right)
        let distance = try container.decode([Double].self, forKey: .distance)
        let size = try container.decode([Int].self, forKey: .size)
        guard right.count == left.count, distance.count == left.count, size.count == left.count else {
            throw DecodingError.dataCorruptedError(forKey: .right, in: container,
                debugDescription: "the single-linkage tree's columns differ in length (\(left.count), \(right.count), \(distance.count), \(size.count))")
        }
        merges = (0..<left.count).map { Merge(left: left[$0], right: right[$0], distance: distance[$0], size: size[$0]) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ColumnKeys.self)
        try container.encode(merges.map(\.left), forKey: .left)
        try container.encode(merges.map(\.right), forKey: .right)
        try container.encode(merges.map(\.distance), forKey: .distance)
        try container.encode(merges.map(\.size), forKey: .size)
    }
}
