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
        let parents = try container.decode([Int].self, forKey: .parents)
        let children = try container.decode([Int].self, forKey: .children)
        let lambdas = try container.decode([Double].self, forKey: .lambdas)
        let sizes = try container.decode([Int].self, forKey: .childSizes)
        guard children.count == parents.count, lambdas.count == parents.count, sizes.count == parents.count else {
            throw DecodingError.dataCorruptedError(forKey: .children, in: container,
                debugDescription: "the condensed tree's columns differ in length (\(parents.count), \(children.count), \(lambdas.count), \(sizes.count))")
        }
        rows = (0..<parents.count).map { Row(parent: parents[$0], child: children[$0], lambda: lambdas[$0], childSize: sizes[$0]) }
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
