import StrataCore

/// One worker's side of a partitioned ``BlockedSearch``: gathers a block of queries (grouped by
/// nearest centre), bounds each query's distance to every centre, and visits the reference panels
/// centre by centre, nearest first, skipping each panel that the ``ReferencePartition`` bound
/// proves farther than every query's current k-th candidate.
struct PanelPruner {
    let partition: ReferencePartition
    let columns: Int
    let gamma: Double
    let centreWidth: Int
    /// The block's query rows, copied contiguously for the distance kernel.
    let gathered: UnsafeMutablePointer<Float>
    let centreDistances: UnsafeMutablePointer<Float>
    /// Per query and centre, a lower and an upper bound on the exact distance ‖q − c‖.
    let near: UnsafeMutablePointer<Double>
    let far: UnsafeMutablePointer<Double>
    var centreOrder: [Int]

    init(_ partition: ReferencePartition, queryBlock: Int, columns: Int, gamma: Double) {
        self.partition = partition
        self.columns = columns
        // Twice the kernel's rounding bound: the centre bound must never be the tighter side.
        self.gamma = 2 * gamma
        centreWidth = partition.centres.panelCount * DistancePanels.width
        gathered = .allocate(capacity: queryBlock * Swift.max(columns, 1))
        centreDistances = .allocate(capacity: queryBlock * centreWidth)
        near = .allocate(capacity: queryBlock * partition.centreCount)
        far = .allocate(capacity: queryBlock * partition.centreCount)
        centreOrder = Array(0..<partition.centreCount)
    }

    func deallocate() {
        gathered.deallocate(); centreDistances.deallocate(); near.deallocate(); far.deallocate()
    }

    /// Copies the query rows `rows[0..<count]` next to each other.
    func gather(_ queries: UnsafePointer<Float>, rows: UnsafeMutablePointer<Int>, count: Int) -> UnsafePointer<Float> {
        for i in 0..<count {
            (gathered + i * columns).update(from: queries + rows[i] * columns, count: columns)
        }
        return UnsafePointer(gathered)
    }

    /// Calls `visit(firstPanel, panelCount)` for runs of panels some query of the block may need;
    /// A list's threshold is +∞ until it is full, so nothing is skipped before then.
    mutating func visit(queries: UnsafePointer<Float>, norms: UnsafeMutablePointer<Float>, rows: Int, panelBlock: Int,
                        lists: UnsafeMutablePointer<CandidateList>, _ visit: (Int, Int) -> Void) {
        let p = partition.centreCount, width = centreWidth, d = columns
        partition.centres.values.withUnsafeBufferPointer { values in
            partition.centres.norms.withUnsafeBufferPointer { centreNorms in
                DistanceKernel.squaredDistances(queries: queries, queryNorms: norms, rowCount: rows, columns: d,
                                                panels: values.baseAddress!, panelNorms: centreNorms.baseAddress!,
                                                panelCount: partition.centres.panelCount, out: centreDistances, outStride: width)
                for i in 0..<rows {
                    for c in 0..<p {
                        let a = Double(centreDistances[i * width + c])
                        let slack = gamma * (Double(norms[i]) + Double(centreNorms[c]))
                        near[i * p + c] = Swift.max(0, a - slack).squareRoot()
                        far[i * p + c] = (a + slack).squareRoot()
                    }
                }
            }
        }
        // Centres nearest the block's first query first: its rows fill the lists with close candidates.
        let first = centreDistances
        centreOrder.sort { first[$0] != first[$1] ? first[$0] < first[$1] : $0 < $1 }
        let lowBounds = partition.panelLow, highBounds = partition.panelHigh
        func needed(_ panel: Int, _ centre: Int) -> Bool {
            let lo = lowBounds[panel], hi = highBounds[panel]
            for i in 0..<rows {
                let t = lists[i].threshold
                guard t < .infinity else { return true }
                let bound = Swift.max(near[i * p + centre] - hi, lo - far[i * p + centre])
                // The margin covers the rounding of the bound itself (Double, relative 1e-15).
                if bound <= 0 || bound * bound * (1 - 1e-9) <= Double(t) { return true }
            }
            return false
        }
        for centre in centreOrder {
            var panel = partition.centreFirstPanel[centre]
            let end = partition.centreFirstPanel[centre + 1]
            while panel < end {
                guard needed(panel, centre) else { panel += 1; continue }
                var count = 1
                while count < panelBlock, panel + count < end, needed(panel + count, centre) { count += 1 }
                visit(panel, count)
                panel += count
            }
        }
    }
}
