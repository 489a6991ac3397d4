import StrataCore

/// A sparse, square-or-rectangular weighted graph in compressed-row form: UMAP's fuzzy simplicial set.
///
/// Row `i`'s edges are `columns[rowStarts[i] ..< rowStarts[i+1]]` with `weights` at the same
/// positions, columns ascending — the order scipy's `tocoo()` + `sum_duplicates()` gives umap-learn,
/// so edge `e` here is edge `e` there.
///
/// ```swift
/// let graph = try UMAP(neighborCount: 15).fuzzyGraph(data)
/// graph.edgeCount   // ≈ 1.5 × n × k after the fuzzy union
/// ```
/// Memory: 8 bytes per edge plus 8 per row.
public struct FuzzyGraph: Sendable, Hashable, Codable {
    /// Number of rows (source vertices).
    public let rowCount: Int
    /// Number of columns (target vertices); equals `rowCount` for a fitted UMAP graph.
    public let columnCount: Int
    /// Offsets of each row's first edge; `rowCount + 1` entries.
    public var rowStarts: [Int]
    /// Target vertex of each edge.
    public var columns: [Int32]
    /// Membership strength of each edge, in (0, 1].
    public var weights: [Float]

    public init(rowCount: Int, columnCount: Int, rowStarts: [Int], columns: [Int32], weights: [Float]) {
        precondition(rowStarts.count == rowCount + 1 && columns.count == weights.count)
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.rowStarts = rowStarts
        self.columns = columns
        self.weights = weights
    }

    /// Number of stored edges.
    public var edgeCount: Int { columns.count }

    /// The largest edge weight (0 for an empty graph).
    public var maximumWeight: Float { weights.max() ?? 0 }

    /// The weight of edge `(row, column)`, 0 when absent.
    public func weight(row: Int, column: Int) -> Float {
        for e in rowStarts[row]..<rowStarts[row + 1] where Int(columns[e]) == column { return weights[e] }
        return 0
    }

    /// A copy without the edges whose weight is below `threshold` (umap-learn's
    /// `graph.data[graph.data < max / n_epochs] = 0; eliminate_zeros()`).
    public func droppingEdges(below threshold: Float) -> FuzzyGraph {
        var starts = [Int](repeating: 0, count: rowCount + 1)
        var cols = [Int32](), ws = [Float]()
        cols.reserveCapacity(edgeCount); ws.reserveCapacity(edgeCount)
        for r in 0..<rowCount {
            for e in rowStarts[r]..<rowStarts[r + 1] where weights[e] >= threshold && weights[e] > 0 {
                cols.append(columns[e]); ws.append(weights[e])
            }
            starts[r + 1] = cols.count
        }
        return FuzzyGraph(rowCount: rowCount, columnCount: columnCount, rowStarts: starts, columns: cols, weights: ws)
    }

    /// The transpose, built by a counting sort so every row's columns stay ascending.
    public func transposed() -> FuzzyGraph {
        var starts = [Int](repeating: 0, count: columnCount + 1)
        for c in columns { starts[Int(c) + 1] += 1 }
        for i in 0..<columnCount { starts[i + 1] += starts[i] }
        var fill = starts
        var cols = [Int32](repeating: 0, count: edgeCount)
        var ws = [Float](repeating: 0, count: edgeCount)
        for r in 0..<rowCount {
            for e in rowStarts[r]..<rowStarts[r + 1] {
                let c = Int(columns[e])
                cols[fill[c]] = Int32(r); ws[fill[c]] = weights[e]; fill[c] += 1
            }
        }
        return FuzzyGraph(rowCount: columnCount, columnCount: rowCount, rowStarts: starts, columns: cols, weights: ws)
    }
}
