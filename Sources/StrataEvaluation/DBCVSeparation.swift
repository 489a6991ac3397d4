import StrataCore

/// DBCV's density separation of every pair of clusters: the smallest mutual-reachability
/// distance `max(dₐᵦ, coreₐ, coreᵦ)` between an internal node of one cluster's tree and an
/// internal node of the other's.
///
/// All internal nodes are copied into one feature-major buffer, grouped by cluster and sorted
/// by core distance within each group. Because the mutual-reachability distance is at least
/// both core distances, a node whose core distance already reaches the best value found for a
/// pair cannot improve it, and neither can any later node of the sorted group: whole runs are
/// skipped, which makes the pass much cheaper than its O(m²) worst case on typical clusterings.
/// Nodes are split over the cores; each chunk keeps its own minima, merged afterwards (a
/// minimum is exact, so the result does not depend on the split).
enum DBCVSeparation {
    /// `clusters[c].internalNodes` index into `memberRows[c]` (rows of `data`). Returns a
    /// k × k row-major matrix (infinity on the diagonal and for k = 1).
    static func compute(data: Matrix, memberRows: [[Int]], clusters: [DBCVCluster]) -> [Double] {
        let k = clusters.count
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

        let partials = Parallel.mapChunks(count: m, minimumChunk: 64) { range -> (first: Int, minima: [Double]) in
            let firstGroup = Int(groupOf[range.lowerBound]), lastGroup = Int(groupOf[range.upperBound - 1])
            var minima = [Double](repeating: .infinity, count: (lastGroup - firstGroup + 1) * k)
            var row = [Double](repeating: 0, count: points.stride + lanes)
            row.withUnsafeMutableBufferPointer { r in
            coreValues.withUnsafeBufferPointer { coreBuffer in
                let out = r.baseAddress!, core = coreBuffer.baseAddress!
                for a in range {
                    let ga = Int(groupOf[a])
                    let coreA = core[a]
                    let base = (ga - firstGroup) * k
                    for gb in (ga + 1)..<Swift.max(ga + 1, k) {
                        var best = minima[base + gb]
                        if coreA >= best { continue }
                        var j = groupStarts[gb]
                        let end = groupStarts[gb + 1]
                        let floor = SIMD8<Double>(repeating: coreA)
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
                        minima[base + gb] = best
                    }
                }
            }
            }
            return (firstGroup, minima)
        }
        var separation = [Double](repeating: .infinity, count: k * k)
        for (first, minima) in partials {
            let groups = minima.count / Swift.max(k, 1)
            for g in 0..<groups {
                let ga = first + g
                for gb in (ga + 1)..<Swift.max(ga + 1, k) {
                    let v = Swift.min(separation[ga * k + gb], minima[g * k + gb])
                    separation[ga * k + gb] = v
                    separation[gb * k + ga] = v
                }
            }
        }
        return separation
    }
}
