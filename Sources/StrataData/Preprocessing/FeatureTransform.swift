import StrataCore

/// A fitted preprocessing step: turns a matrix into another, and a table into another table.
///
/// Every fitted model in StrataData (scaler models, ``Log1pTransform``, selector models) conforms,
/// so a pipeline or a CLI verb can chain them without knowing which one it holds.
///
/// ```swift
/// let model = try StandardScaler().fit(table.matrix)
/// let scaled: FeatureTable = try model.transform(table)   // names and ids kept
/// ```
public protocol FeatureTransform: Sendable {
    /// Transforms a matrix with the columns the model was fitted on.
    func transform(_ data: Matrix) throws(StrataError) -> Matrix
    /// Transforms a table; the default keeps names and ids (selectors drop names with columns).
    func transform(_ table: FeatureTable) throws(StrataError) -> FeatureTable
}

extension FeatureTransform {
    public func transform(_ table: FeatureTable) throws(StrataError) -> FeatureTable {
        try table.replacingMatrix(transform(table.matrix))
    }
}

/// Elementwise map over a matrix in parallel chunks of rows; `body` gets (value, column).
@inline(__always)
func mapElements(_ data: Matrix, _ body: @escaping @Sendable (Float, Int) -> Float) -> Matrix {
    var out = data
    let columns = data.columns
    out.storage.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        let p = SendablePointer(base)
        Parallel.forEachChunk(count: data.rows, minimumChunk: 8192) { _, range in
            for r in range {
                let row = p.base + r * columns
                for c in 0..<columns { row[c] = body(row[c], c) }
            }
        }
    }
    return out
}

/// `y = (x − shift[c]) / divisor[c]` per column, in `Double`, over row chunks on all cores.
///
/// A dedicated loop (not a per-element closure) so the compiler vectorises the row.
func affine(_ data: Matrix, shift: [Double], divisor: [Double]) -> Matrix {
    var out = data
    let columns = data.columns
    out.storage.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        let p = SendablePointer(base)
        Parallel.forEachChunk(count: data.rows, minimumChunk: 8192) { _, range in
            shift.withUnsafeBufferPointer { m in
                divisor.withUnsafeBufferPointer { s in
                    for r in range {
                        let row = p.base + r &* columns
                        for c in 0..<columns { row[c] = Float((Double(row[c]) - m[c]) / s[c]) }
                    }
                }
            }
        }
    }
    return out
}

/// `y = x · factor[c] + offset[c]` per column, in `Double`, over row chunks on all cores.
func multiplyAdd(_ data: Matrix, factor: [Double], offset: [Double]) -> Matrix {
    var out = data
    let columns = data.columns
    out.storage.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        let p = SendablePointer(base)
        Parallel.forEachChunk(count: data.rows, minimumChunk: 8192) { _, range in
            factor.withUnsafeBufferPointer { f in
                offset.withUnsafeBufferPointer { o in
                    for r in range {
                        let row = p.base + r &* columns
                        for c in 0..<columns { row[c] = Float(Double(row[c]) * f[c] + o[c]) }
                    }
                }
            }
        }
    }
    return out
}

/// Checks the column count a fitted model expects and that every cell is finite.
func checkInput(_ data: Matrix, columns: Int, model: String) throws(StrataError) {
    guard data.columns == columns else {
        throw .dimensionMismatch("\(model) was fitted on \(columns) columns, got a matrix with \(data.columns)")
    }
    try validateFiniteParallel(data)
}

/// `Matrix.validateFinite()` over chunks of rows on all cores (first offending cell in row order).
func validateFiniteParallel(_ data: Matrix) throws(StrataError) {
    let columns = data.columns
    guard !data.storage.isEmpty else { return }
    let firsts: [Int?] = data.storage.withUnsafeBufferPointer { buffer in
        let base = SendablePointer(UnsafeMutablePointer(mutating: buffer.baseAddress!))
        return Parallel.mapChunks(count: data.rows, minimumChunk: 16384) { range in
            for i in (range.lowerBound * columns)..<(range.upperBound * columns) where !base[i].isFinite { return i }
            return nil
        }
    }
    if let bad = firsts.compactMap({ $0 }).min() { throw .nonFinite(row: bad / columns, column: bad % columns) }
}
