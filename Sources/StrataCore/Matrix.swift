/// A dense, row-major matrix of `Float` values: the one data shape every Strata algorithm takes.
///
/// Storage is `Float` (half the memory of `Double`, twice the SIMD width); algorithms accumulate
/// sums in `Double` where precision matters.
///
/// ```swift
/// let m = try Matrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
/// m[1, 2]  // 6
/// ```
public struct Matrix: Sendable, Hashable, Codable {
    /// Number of rows (samples).
    public let rows: Int
    /// Number of columns (features).
    public let columns: Int
    /// The values, row after row: element (r, c) is `storage[r * columns + c]`.
    public var storage: [Float]

    /// A matrix filled with one value.
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = [Float](repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major values; throws when the count does not match.
    public init(rows: Int, columns: Int, values: [Float]) throws(StrataError) {
        guard rows >= 0, columns >= 0 else {
            throw .invalidArgument("matrix dimensions must be non-negative, got \(rows)×\(columns)")
        }
        let (size, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, values.count == size else {
            throw .dimensionMismatch("a \(rows)×\(columns) matrix needs \(overflow ? "more" : String(size)) values, got \(values.count)")
        }
        self.rows = rows
        self.columns = columns
        self.storage = values
    }

    private enum CodingKeys: String, CodingKey { case rows, columns, storage }

    /// Decodes with the same checks as ``init(rows:columns:values:)``: a stored matrix whose shape
    /// and value count disagree (a damaged or hand-edited file) is a decoding error, not a trap later.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try container.decode(Int.self, forKey: .rows)
        let columns = try container.decode(Int.self, forKey: .columns)
        let storage = try container.decode([Float].self, forKey: .storage)
        let (size, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard rows >= 0, columns >= 0, !overflow, size == storage.count else {
            throw DecodingError.dataCorruptedError(forKey: .storage, in: container,
                debugDescription: "a \(rows)×\(columns) matrix cannot hold \(storage.count) values")
        }
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix from an array of equally long rows.
    public init(_ rowArrays: [[Float]]) throws(StrataError) {
        let columns = rowArrays.first?.count ?? 0
        var storage = [Float]()
        storage.reserveCapacity(rowArrays.count * columns)
        for (index, row) in rowArrays.enumerated() {
            guard row.count == columns else {
                throw .dimensionMismatch("row \(index) has \(row.count) values, expected \(columns)")
            }
            storage.append(contentsOf: row)
        }
        self.rows = rowArrays.count
        self.columns = columns
        self.storage = storage
    }

    @inlinable
    public subscript(row: Int, column: Int) -> Float {
        get { storage[row &* columns &+ column] }
        set { storage[row &* columns &+ column] = newValue }
    }

    /// A copy of one row.
    public func row(_ index: Int) -> [Float] {
        Array(storage[(index * columns)..<((index + 1) * columns)])
    }

    /// A copy of one column.
    public func column(_ index: Int) -> [Float] {
        (0..<rows).map { storage[$0 * columns + index] }
    }

    /// The rows at the given indices, in that order.
    public func selectingRows<S: Sequence>(_ indices: S) -> Matrix where S.Element == Int {
        var out = [Float]()
        for r in indices { out.append(contentsOf: storage[(r * columns)..<((r + 1) * columns)]) }
        return try! Matrix(rows: out.count / Swift.max(columns, 1), columns: columns, values: columns == 0 ? [] : out)
    }

    /// The columns at the given indices, in that order.
    public func selectingColumns(_ indices: [Int]) -> Matrix {
        var out = Matrix(rows: rows, columns: indices.count)
        for r in 0..<rows {
            for (j, c) in indices.enumerated() { out.storage[r * indices.count + j] = storage[r * columns + c] }
        }
        return out
    }

    /// The transpose.
    public func transposed() -> Matrix {
        var out = Matrix(rows: columns, columns: rows)
        for r in 0..<rows { for c in 0..<columns { out.storage[c * rows + r] = storage[r * columns + c] } }
        return out
    }

    /// Throws ``StrataError/nonFinite(row:column:)`` naming the first NaN or infinite cell.
    ///
    /// Every algorithm calls this before it starts, so NaN never propagates silently into results.
    public func validateFinite() throws(StrataError) {
        // Scoring calls this several times per clustering on the same data: a vector test of
        // the exponent bits (all ones for NaN and infinity) keeps it at memory speed.
        let firstBad: Int? = storage.withUnsafeBufferPointer { values in
            let count = values.count
            guard let base = values.baseAddress else { return nil }
            let exponent = SIMD16<UInt32>(repeating: 0x7F80_0000)
            var i = 0
            while i + 16 <= count {
                let bits = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<UInt32>.self)
                if any((bits & exponent) .== exponent) { break }
                i += 16
            }
            while i < count {
                if !base[i].isFinite { return i }
                i += 1
            }
            return nil
        }
        if let i = firstBad {
            throw .nonFinite(row: i / Swift.max(columns, 1), column: i % Swift.max(columns, 1))
        }
    }
}
