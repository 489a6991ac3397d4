extension HDBSCAN.CondensedTree {
    private enum ColumnKeys: String, CodingKey { case parents, children, lambdas, childSizes, pointCount, rows }

    /// Stored as four columns (a fitted tree has about 2n rows: one numeric block each reads far
    /// faster than 2n small records); the older form, a list of rows, is still read.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: ColumnKeys.self)
        pointCount = try container.decode(Int.self, forKey: .pointCount)
        if container.contains(.rows) {
            rows = try container.decode([Row].self, forKey: .rows)
            return
        }
        rows = try container.decodeRows((.parents, .children, .lambdas, .childSizes), table: "condensed tree") {
            (parents: [Int], children: [Int], lambdas: [Double], sizes: [Int], i: Int) in
            Row(parent: parents[i], child: children[i], lambda: lambdas[i], childSize: sizes[i])
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ColumnKeys.self)
        try container.encode(pointCount, forKey: .pointCount)
        try container.encode(rows.map(\.parent), forKey: .parents)
        try container.encode(rows.map(\.child), forKey: .children)
        try container.encode(rows.map(\.lambda), forKey: .lambdas)
        try container.encode(rows.map(\.childSize), forKey: .childSizes)
    }
}
