import StrataCore

/// Per-cluster centroids and spreads in `Double`, the shared first step of Davies-Bouldin and
/// Calinski-Harabasz. Two passes over the rows (means, then deviations from them), each split
/// over the cores in fixed chunks and reduced in chunk order, so results are deterministic.
struct ClusterDispersion: Sendable {
    /// k × d centroids, row-major.
    let centroids: [Double]
    /// Mean of all scored rows.
    let overallMean: [Double]
    /// Per cluster: mean Euclidean distance of its members to its centroid.
    let meanDistanceToCentroid: [Double]
    /// Sum over all scored rows of the squared distance to their centroid.
    let withinSumOfSquares: Double

    init(data: Matrix, labels: EncodedLabels) {
        let d = data.columns, k = labels.clusterCount, m = labels.rows.count
        let rows = labels.rows, codes = labels.codes
        let sums: [Double] = data.storage.withUnsafeBufferPointer { x in
            let base = SendablePointer(UnsafeMutablePointer(mutating: x.baseAddress!))
            let parts = Parallel.mapChunks(count: m, minimumChunk: 4096) { range -> [Double] in
                var s = [Double](repeating: 0, count: k * d)
                s.withUnsafeMutableBufferPointer { sums in
                    rows.withUnsafeBufferPointer { rowOf in
                        codes.withUnsafeBufferPointer { codeOf in
                            for t in range {
                                let row = base.base + rowOf[t] * d
                                let target = sums.baseAddress! + Int(codeOf[t]) * d
                                for f in 0..<d { target[f] += Double(row[f]) }
                            }
                        }
                    }
                }
                return s
            }
            var total = [Double](repeating: 0, count: k * d)
            for p in parts { for i in 0..<(k * d) { total[i] += p[i] } }
            return total
        }
        var centroids = sums
        var overall = [Double](repeating: 0, count: d)
        for c in 0..<k {
            for f in 0..<d {
                overall[f] += sums[c * d + f]
                centroids[c * d + f] = sums[c * d + f] / Double(labels.sizes[c])
            }
        }
        for f in 0..<d { overall[f] /= Double(Swift.max(m, 1)) }
        let frozen = centroids
        let spread: [Double] = data.storage.withUnsafeBufferPointer { x in
            let base = SendablePointer(UnsafeMutablePointer(mutating: x.baseAddress!))
            let parts = Parallel.mapChunks(count: m, minimumChunk: 4096) { range -> [Double] in
                // k distance sums, then one sum of squares.
                var s = [Double](repeating: 0, count: k + 1)
                s.withUnsafeMutableBufferPointer { sums in
                    rows.withUnsafeBufferPointer { rowOf in
                        codes.withUnsafeBufferPointer { codeOf in
                            frozen.withUnsafeBufferPointer { centres in
                                for t in range {
                                    let row = base.base + rowOf[t] * d
                                    let c = Int(codeOf[t])
                                    let centre = centres.baseAddress! + c * d
                                    var sq = 0.0
                                    for f in 0..<d { let e = Double(row[f]) - centre[f]; sq += e * e }
                                    sums[c] += sq.squareRoot()
                                    sums[k] += sq
                                }
                            }
                        }
                    }
                }
                return s
            }
            var total = [Double](repeating: 0, count: k + 1)
            for p in parts { for i in 0...k { total[i] += p[i] } }
            return total
        }
        self.centroids = centroids
        self.overallMean = overall
        self.meanDistanceToCentroid = (0..<k).map { spread[$0] / Double(labels.sizes[$0]) }
        self.withinSumOfSquares = spread[k]
    }
}
