extension KeyedDecodingContainer {
    /// Four numeric columns of one table (HDBSCAN's trees are stored column by column), and the
    /// rows they make, built by `row(i)`; columns of different lengths are a decoding error
    /// naming `table`.
    func decodeRows<A: Decodable, B: Decodable, C: Decodable, D: Decodable, Row>(
        _ keys: (Key, Key, Key, Key), table: String,
        _ row: ([A], [B], [C], [D], Int) -> Row
    ) throws -> [Row] {
        let a = try decode([A].self, forKey: keys.0)
        let b = try decode([B].self, forKey: keys.1)
        let c = try decode([C].self, forKey: keys.2)
        let d = try decode([D].self, forKey: keys.3)
        guard b.count == a.count, c.count == a.count, d.count == a.count else {
            throw DecodingError.dataCorruptedError(forKey: keys.1, in: self,
                debugDescription: "the \(table)'s columns differ in length (\(a.count), \(b.count), \(c.count), \(d.count))")
        }
        return (0..<a.count).map { row(a, b, c, d, $0) }
    }
}
