import Foundation
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `log(1 + x)` on chosen columns: tames skewed spend and count columns before scaling
/// (numpy's `np.log1p`; scikit-learn users write `FunctionTransformer(np.log1p)`).
///
/// Values ≤ −1 have no finite `log1p`; they throw naming the row and column instead of becoming
/// NaN or −∞. ``skewedColumns(_:threshold:)`` picks non-negative columns whose sample skewness
/// (scipy's `stats.skew`, biased) exceeds a threshold.
///
/// ```swift
/// let log = try Log1pTransform(columnNames: ["monetary", "groceries_spend"], in: table)
/// let logged = try log.transform(table)
/// let auto = Log1pTransform(columns: try Log1pTransform.skewedColumns(table.matrix))
/// ```
/// Complexity: O(n·d), parallel over rows.
public struct Log1pTransform: FeatureTransform, Codable, Hashable, Sendable {
    /// Column indices to transform; empty means every column.
    public var columns: [Int]

    public init(columns: [Int] = []) { self.columns = columns }

    /// The columns with these names in `table`.
    public init(columnNames: [String], in table: FeatureTable) throws(StrataError) {
        var indices = [Int]()
        for name in columnNames { indices.append(try table.columnIndex(name)) }
        columns = indices
    }

    func mask(_ count: Int) throws(StrataError) -> [Bool] {
        if columns.isEmpty { return [Bool](repeating: true, count: count) }
        var mask = [Bool](repeating: false, count: count)
        for c in columns {
            guard c >= 0 && c < count else { throw .invalidArgument("log1p column \(c) is out of range 0..<\(count)") }
            mask[c] = true
        }
        return mask
    }

    public func transform(_ data: Matrix) throws(StrataError) -> Matrix {
        let mask = try mask(data.columns)
        let columns = data.columns
        var out = data
        // One pass: transform and find the first cell that is not finite or is <= -1.
        let firstBad: [Int?] = out.storage.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return [] }
            let p = SendablePointer(base)
            return Parallel.mapChunks(count: data.rows, minimumChunk: 8192) { range in
                var bad: Int? = nil
                for r in range {
                    let row = p.base + r &* columns
                    for c in 0..<columns {
                        let v = row[c]
                        if !v.isFinite || (mask[c] && v <= -1) {
                            if bad == nil { bad = r &* columns &+ c }
                            continue
                        }
                        if mask[c] { row[c] = log1pf(v) }
                    }
                }
                return bad
            }
        }
        if let i = firstBad.compactMap({ $0 }).min() {
            let v = data.storage[i]
            if !v.isFinite { throw .nonFinite(row: i / columns, column: i % columns) }
            throw .invalidArgument("log1p needs values greater than -1; row \(i / columns), column \(i % columns) holds \(v); leave this column out of log1p or shift it")
        }
        return out
    }

    /// Names the column in the error when a value is ≤ −1.
    public func transform(_ table: FeatureTable) throws(StrataError) -> FeatureTable {
        do {
            return try table.replacingMatrix(transform(table.matrix))
        } catch .invalidArgument(let message) where message.hasPrefix("log1p needs") {
            throw .invalidArgument(message.replacingColumnNumbers(table.columnNames))
        }
    }

    /// `expm1`: undoes the transform.
    public func inverseTransform(_ data: Matrix) throws(StrataError) -> Matrix {
        let mask = try mask(data.columns)
        try validateFiniteParallel(data)
        return mapElements(data) { v, c in mask[c] ? expm1f(v) : v }
    }

    /// Columns with no negative value and sample skewness above `threshold` (scipy `skew`, bias=True).
    public static func skewedColumns(_ data: Matrix, threshold: Double = 1) throws(StrataError) -> [Int] {
        let stats = try ColumnStatistics(data)
        let columns = data.columns
        let mean = stats.mean
        let cubes: [[Double]] = data.storage.withUnsafeBufferPointer { buffer in
            let base = SendablePointer(UnsafeMutablePointer(mutating: buffer.baseAddress!))
            return Parallel.mapChunks(count: data.rows, minimumChunk: 8192) { range in
                var acc = [Double](repeating: 0, count: columns)
                for r in range {
                    for c in 0..<columns { let d = Double(base[r * columns + c]) - mean[c]; acc[c] += d * d * d }
                }
                return acc
            }
        }
        let n = Double(data.rows)
        return (0..<columns).filter { c in
            guard stats.minimum[c] >= 0, !stats.constantColumns[c] else { return false }
            let m3 = cubes.reduce(0) { $0 + $1[c] } / n
            let skew = m3 / pow(stats.variance[c], 1.5)
            return skew > threshold
        }
    }
}

extension String {
    /// Adds the column's name after "column N" in a preprocessing message.
    func replacingColumnNumbers(_ names: [String]) -> String {
        guard let range = range(of: #"column (\d+)"#, options: .regularExpression) else { return self }
        let number = Int(self[range].dropFirst("column ".count)) ?? -1
        guard number >= 0 && number < names.count else { return self }
        return replacingCharacters(in: range, with: "column \(number) '\(names[number])'")
    }
}
