internal import CStrataKernels
import StrataCore

extension SilhouetteKernel {
    /// Whether ``valuesWithQueryLanes(data:rows:codes:sizes:)`` is the faster kernel: few
    /// features and small clusters (e.g. DBSCAN's hundreds of islands on a 2-3-D embedding),
    /// where the candidate-lane kernel's padding and per-cluster horizontal sums cost more than
    /// the distances themselves.
    static func prefersQueryLanes(count m: Int, dimension d: Int, clusters k: Int) -> Bool {
        d <= 8 && m < 64 * k
    }

    /// The same silhouette values as ``values(data:rows:codes:sizes:)``, with the lanes turned
    /// the other way: 16 query points share each candidate point, and each lane adds that
    /// query's distances to one cluster's run of candidates. A cluster's sums are then one
    /// vector store — no padding of small clusters to 16 lanes and no horizontal sums — which
    /// suits many small clusters in few dimensions. The distances are summed by
    /// `strata_silhouette_query_sums` (C, chosen by CPU level, with the hardware's correctly
    /// rounded square root). As in the other kernel, a lane's `Float` partial sum takes at most
    /// 16 terms before it is folded into `Double`, and every query's result depends on that
    /// query alone (identical on any number of threads).
    ///
    /// Memory: the candidates (n × d floats, grouped by cluster) plus 16 · k doubles per thread.
    static func valuesWithQueryLanes(data: Matrix, rows: [Int], codes: [Int32], sizes: [Int]) -> [Double] {
        let m = rows.count, d = data.columns, k = sizes.count
        guard m > 0 else { return [] }
        var starts = [Int](repeating: 0, count: k + 1)
        for c in 0..<k { starts[c + 1] = starts[c] + sizes[c] }
        var candidates = [Float](repeating: 0, count: Swift.max(1, m * d))
        var fill = starts
        data.storage.withUnsafeBufferPointer { x in
            for t in 0..<m {
                let c = Int(codes[t])
                let position = fill[c]; fill[c] += 1
                for f in 0..<d { candidates[position * d + f] = x[rows[t] * d + f] }
            }
        }
        let clusterStarts = starts
        var result = [Double](repeating: 0, count: m)
        withPointers(candidates, data, &result) { points, x, output in
            let blocks = (m + lanes - 1) / lanes
            Parallel.forEachChunk(count: blocks, minimumChunk: 1) { _, range in
                let queries = UnsafeMutablePointer<SIMD16<Float>>.allocate(capacity: Swift.max(1, d))
                let sums = UnsafeMutablePointer<SIMD16<Double>>.allocate(capacity: Swift.max(1, k))
                defer { queries.deallocate(); sums.deallocate() }
                for block in range {
                    let first = block * lanes, live = Swift.min(lanes, m - first)
                    for f in 0..<d {
                        // A short last block repeats its final query; the copies are discarded.
                        var lane = SIMD16<Float>()
                        for r in 0..<lanes { lane[r] = x.base[rows[first + Swift.min(r, live - 1)] * d + f] }
                        queries[f] = lane
                    }
                    clusterStarts.withUnsafeBufferPointer { starts in
                        UnsafeMutableRawPointer(sums).withMemoryRebound(to: Double.self, capacity: 16 * k) { out in
                            UnsafeRawPointer(queries).withMemoryRebound(to: Float.self, capacity: 16 * d) { lanes in
                                strata_silhouette_query_sums(-1, points.base, d, starts.baseAddress!, k, lanes, out)
                            }
                        }
                    }
                    for r in 0..<live {
                        output.base[first + r] = silhouette(own: Int(codes[first + r]), lane: r, sums: sums, sizes: sizes)
                    }
                }
            }
        }
        return result
    }

    /// `(b − a) / max(a, b)` for query lane `lane`, with sklearn's conventions.
    @inline(__always)
    private static func silhouette(own: Int, lane: Int, sums: UnsafeMutablePointer<SIMD16<Double>>, sizes: [Int]) -> Double {
        let ownSize = sizes[own]
        if ownSize <= 1 { return 0 }
        let a = sums[own][lane] / Double(ownSize - 1)
        var b = Double.infinity
        for c in 0..<sizes.count where c != own && sizes[c] > 0 {
            b = Swift.min(b, sums[c][lane] / Double(sizes[c]))
        }
        let denominator = Swift.max(a, b)
        if denominator == 0 || !denominator.isFinite { return 0 }
        return (b - a) / denominator
    }
}
