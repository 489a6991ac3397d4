import StrataCore

/// DBCV's density separation of each cluster from the rest: the smallest mutual-reachability
/// distance `max(dₐᵦ, coreₐ, coreᵦ)` between an internal node of the cluster's tree and an
/// internal node of any other cluster's. DBCV only ever uses this minimum over the other
/// clusters, so the pairwise matrix is never built.
///
/// All internal nodes are copied into one feature-major buffer, grouped by cluster and sorted
/// by core distance within each group. Three lower bounds on the mutual-reachability distance
/// prune the search for a node `a` of cluster A, each against the best value found so far for
/// A:
/// - `coreₐ` itself: once it reaches the best, neither `a` nor any later node of A (sorted by
///   core) can improve it;
/// - the distance between A's and B's bounding boxes: the nearest boxes are visited in order,
///   so the first one too far ends the search for `a`; past the 32 nearest (which is rare) the
///   rest are visited unsorted, each skipped when its box is too far;
/// - the distance from `a` to B's box, and B's nodes' core distances (sorted, so a run ends at
///   the first that is too large).
/// On a clustering with hundreds of small clusters this visits a few neighbouring clusters per
/// node instead of all of them. Nodes are split over the cores; each chunk keeps its own
/// minima, merged afterwards (a minimum is exact, so the result does not depend on the split).
enum DBCVSeparation {
    /// Boxes are only ordered per cluster below this many clusters (the order is k² indices);
    /// above it every other cluster is visited, still pruned by its box.
    static let orderedClusterLimit = 2048

    /// `clusters[c].internalNodes` index into `memberRows[c]` (rows of `data`). Returns, per
    /// cluster, its smallest separation from any other cluster (infinity when k = 1).
    static func compute(data: Matrix, memberRows: [[Int]], clusters: [DBCVCluster]) -> [Double] {
        let k = clusters.count, d = data.columns
        var rows = [Int](), cores = [Double](), group = [Int32](), starts = [Int](repeating: 0, count: k + 1)
        for c in 0..<k {
            starts[c] = rows.count
            let nodes = clusters[c].internalNodes.sorted {
                (clusters[c].coreDistances[$0], $0) < (clusters[c].coreDistances[$1], $1)
            }
            for v in nodes {
                rows.append(memberRows[c][v])
                cores.append(clusters[c].coreDistances[v])
                group.append(Int32(c))
            }
        }
        starts[k] = rows.count
        let m = rows.count
        let lanes = DBCVCluster.lanes
        let points = DBCVPoints(data: data, rows: rows, extraPadding: lanes)
        // Padding cores are infinite so padded lanes never win a minimum.
        var paddedCores = cores + [Double](repeating: .infinity, count: points.stride - m)
        paddedCores.append(contentsOf: [Double](repeating: .infinity, count: lanes))
        let coreValues = paddedCores
        let groupStarts = starts
        let groupOf = group
        let boxes = ClusterBoxes(points: points, starts: starts)
        let order = k <= orderedClusterLimit ? boxes.nearestFirst() : nil

        let partials = Parallel.mapChunks(count: m, minimumChunk: 64) { range -> (first: Int, minima: [Double]) in
            let firstGroup = Int(groupOf[range.lowerBound]), lastGroup = Int(groupOf[range.upperBound - 1])
            var minima = [Double](repeating: .infinity, count: lastGroup - firstGroup + 1)
            var row = [Double](repeating: 0, count: points.stride + lanes)
            var point = [Double](repeating: 0, count: d)
            row.withUnsafeMutableBufferPointer { r in
            coreValues.withUnsafeBufferPointer { coreBuffer in
                let out = r.baseAddress!, core = coreBuffer.baseAddress!
                var a = range.lowerBound
                while a < range.upperBound {
                    let ga = Int(groupOf[a])
                    var best = minima[ga - firstGroup]
                    let coreA = core[a]
                    if coreA >= best {
                        // Later nodes of this cluster have larger core distances.
                        a = Swift.min(range.upperBound, groupStarts[ga + 1])
                        continue
                    }
                    for f in 0..<d { point[f] = points.coordinate(a, f) }
                    let floor = SIMD8<Double>(repeating: coreA)
                    func visit(_ gb: Int) {
                        var j = groupStarts[gb]
                        let end = groupStarts[gb + 1]
                        guard j < end, core[j] < best, boxes.reaches(point, cluster: gb, within: best) else { return }
                        while j < end {
                            if core[j] >= best { break }
                            points.squaredDistances(from: a, range: j..<(j + lanes), into: out + j)
                            let sq = UnsafeRawPointer(out + j).loadUnaligned(as: SIMD8<Double>.self)
                            var coreB = UnsafeRawPointer(core + j).loadUnaligned(as: SIMD8<Double>.self)
                            let remaining = end - j
                            if remaining < lanes {
                                let outside = SIMD8<Double>(0, 1, 2, 3, 4, 5, 6, 7) .>= SIMD8<Double>(repeating: Double(remaining))
                                coreB.replace(with: .infinity, where: outside)
                            }
                            let mr = pointwiseMax(pointwiseMax(sq.squareRoot(), floor), coreB)
                            best = Swift.min(best, mr.min())
                            j += lanes
                        }
                    }
                    if let order {
                        let base = ga * k
                        let sorted = Swift.min(k - 1, ClusterBoxes.sortedNearest)
                        for position in 0..<(k - 1) {
                            let gb = Int(order.clusters[base + position])
                            if !Self.mayBeBelow(Double(order.distances[base + position]), best) {
                                // The nearest boxes are in order: the rest are farther still.
                                if position < sorted || k - 1 <= 2 * ClusterBoxes.sortedNearest { break }
                                continue
                            }
                            visit(gb)
                        }
                    } else {
                        for gb in 0..<k where gb != ga { visit(gb) }
                    }
                    minima[ga - firstGroup] = best
                    a += 1
                }
            }
            }
            return (firstGroup, minima)
        }
        var separation = [Double](repeating: .infinity, count: k)
        for (first, minima) in partials {
            for (offset, value) in minima.enumerated() { separation[first + offset] = Swift.min(separation[first + offset], value) }
        }
        return separation
    }
}
