import StrataCore

/// The adjusted Rand index (Hubert & Arabie, 1985) with scikit-learn 1.7's semantics
/// (`adjusted_rand_score`): the pair-counting agreement of two labelings, corrected for chance.
/// 1 for identical partitions (up to renaming), about 0 for independent ones, possibly negative.
///
/// ```swift
/// let ari = try adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0])   // 1.0
/// ```
///
/// Edge cases as sklearn: full agreement on pairs (no pair split differently; also empty input)
/// gives exactly 1. Labels are compared as they are — `-1` is one more label, not dropped.
/// The pair counts are exact integers and the numerator `tp·tn − fn·fp` is formed in 128-bit
/// arithmetic, so millions of rows lose nothing to overflow or cancellation.
/// Complexity: O(n) expected (hashing) plus O(cells · log cells).
public func adjustedRandIndex(_ truth: [Int], _ predicted: [Int]) throws(StrataError) -> Double {
    let table = try Contingency(truth, predicted, metric: "adjusted Rand index")
    let n = table.sampleCount
    // sklearn's pair_confusion_matrix (each count is twice the number of pairs).
    var sumSquares = 0, rowDot = 0, columnDot = 0
    for cell in table.cells {
        sumSquares += cell.count * cell.count
        rowDot += cell.count * table.clusterSizes[cell.column]
        columnDot += cell.count * table.classSizes[cell.row]
    }
    return adjustedRandIndex(rows: n, sumSquares: sumSquares, rowDot: rowDot, columnDot: columnDot)
}

/// The index from sklearn's pair confusion counts: `sumSquares` = Σ n_ij² over the contingency
/// table, `rowDot` = Σ (predicted cluster size)², `columnDot` = Σ (true class size)².
func adjustedRandIndex(rows n: Int, sumSquares: Int, rowDot: Int, columnDot: Int) -> Double {
    let tp = sumSquares - n
    let fp = rowDot - sumSquares
    let fn = columnDot - sumSquares
    let tn = n * n - fp - fn - sumSquares
    if fn == 0 && fp == 0 { return 1.0 }
    let numerator = WideInteger.difference(of: tp.multipliedFullWidth(by: tn), fn.multipliedFullWidth(by: fp))
    let denominator = Double(tp + fn) * Double(fn + tn) + Double(tp + fp) * Double(fp + tn)
    return 2.0 * numerator / denominator
}

/// Exact `a − b` of two 128-bit products, rounded once to `Double`.
enum WideInteger {
    static func difference(of a: (high: Int, low: UInt), _ b: (high: Int, low: UInt)) -> Double {
        let (low, borrow) = a.low.subtractingReportingOverflow(b.low)
        let high = a.high &- b.high &- (borrow ? 1 : 0)
        if high >= 0 { return Double(high) * 0x1p64 + Double(low) }
        // Negative: take the two's-complement magnitude so no large terms cancel in Double.
        let (magnitudeLow, carry) = (~low).addingReportingOverflow(1)
        let magnitudeHigh = UInt(bitPattern: ~high) &+ (carry ? 1 : 0)
        return -(Double(magnitudeHigh) * 0x1p64 + Double(magnitudeLow))
    }
}
