extension Matrix {
    private enum CodingKeys: String, CodingKey { case rows, columns, storage }

    /// Decoding checks the shape against the values, so a damaged file is an error here rather
    /// than an out-of-bounds access later.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try container.decode(Int.self, forKey: .rows)
        let columns = try container.decode(Int.self, forKey: .columns)
        let storage = try container.decode([Float].self, forKey: .storage)
        let (product, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard rows >= 0, columns >= 0, !overflow, product == storage.count else {
            throw DecodingError.dataCorruptedError(forKey: .storage, in: container,
                                                   debugDescription: "a \(rows)×\(columns) matrix cannot hold \(storage.count) values")
        }
        try self.init(rows: rows, columns: columns, values: storage)
    }
}
