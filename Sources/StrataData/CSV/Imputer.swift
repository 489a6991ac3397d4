import StrataCore

/// Fills NaN cells (the reader's marker for missing) column by column, like scikit-learn's
/// `SimpleImputer`: statistics over present cells only, accumulated in `Double`.
enum Imputer {
    static func impute(_ matrix: inout Matrix, _ imputation: MissingValuePolicy.Imputation,
                       file: String, columnNames: [String]) throws(DataError) -> ([Int], [Float?]) {
        let columns = matrix.columns
        let rows = matrix.rows
        // One parallel pass: per-chunk missing counts and sums of present values.
        let partials: [([Int], [Double])] = matrix.storage.withUnsafeBufferPointer { buffer in
            let base = SendablePointer(UnsafeMutablePointer(mutating: buffer.baseAddress!))
            return Parallel.mapChunks(count: rows, minimumChunk: 8192) { range in
                var missing = [Int](repeating: 0, count: columns)
                var sums = [Double](repeating: 0, count: columns)
                for r in range {
                    let row = base.base + r * columns
                    for c in 0..<columns {
                        let v = row[c]
                        if v.isNaN { missing[c] += 1 } else { sums[c] += Double(v) }
                    }
                }
                return (missing, sums)
            }
        }
        var missing = [Int](repeating: 0, count: columns)
        var sums = [Double](repeating: 0, count: columns)
        for (m, s) in partials {
            for c in 0..<columns { missing[c] += m[c]; sums[c] += s[c] }
        }
        var fill = [Float?](repeating: nil, count: columns)
        for c in 0..<columns where missing[c] > 0 {
            let present = rows - missing[c]
            switch imputation {
            case .zero: fill[c] = 0
            case .constant(let v): fill[c] = v
            case .mean:
                guard present > 0 else { throw .nothingToImpute(file: file, columnName: columnNames[c]) }
                fill[c] = Float(sums[c] / Double(present))
            case .median:
                guard present > 0 else { throw .nothingToImpute(file: file, columnName: columnNames[c]) }
                var values = [Float]()
                values.reserveCapacity(present)
                for r in 0..<rows {
                    let v = matrix.storage[r * columns + c]
                    if !v.isNaN { values.append(v) }
                }
                fill[c] = Float(Quantiles.median(&values))
            }
        }
        if fill.contains(where: { $0 != nil }) {
            let values = fill.map { $0 ?? .nan }
            matrix.storage.withUnsafeMutableBufferPointer { buffer in
                let base = SendablePointer(buffer.baseAddress!)
                Parallel.forEachChunk(count: rows, minimumChunk: 8192) { _, range in
                    for r in range {
                        let row = base.base + r * columns
                        for c in 0..<columns where row[c].isNaN { row[c] = values[c] }
                    }
                }
            }
        }
        return (missing, fill)
    }
}
