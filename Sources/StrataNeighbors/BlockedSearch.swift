import StrataCore

/// The engine behind ``ExactNeighbors``: blocked brute-force k-nearest-neighbour search.
///
/// 1. The reference rows are packed once into 32-row panels (``DistancePanels``).
/// 2. Query rows are cut into chunks spread over the cores; each chunk takes 64 query rows at a
///    time and sweeps the reference in blocks of 512 rows, computing a 64 × 512 tile of
///    approximate squared distances with ``DistanceKernel`` (row-norm identity, Float32).
/// 3. Each row keeps a sorted candidate list of `k + margin` entries; a SIMD compare against the
///    list's threshold skips almost every tile entry.
/// 4. The candidates' distances are recomputed exactly (differences in Double) and re-sorted by
///    (distance, index). A rounding bound on the approximate distances proves that no row outside
///    the candidates could have entered the top k; where it cannot (near-duplicates, huge norms)
///    the row is searched again exactly, so the answer is always exact.
enum BlockedSearch {
    static let queryBlock = 128
    /// Smaller blocks of queries (grouped by centre) let more panels be proven too far for all of them.
    static let partitionedQueryBlock = 32
    static let panelBlock = 16

    /// The `k` nearest reference rows of each query row, self included when it is in `reference`.
    /// Returns indices and Euclidean distances, `queries.rows × k`, nearest first, ties by index.
    /// With a `partition` (whose `panels` must then be passed), queries are visited grouped by
    /// their nearest centre and panels proven too far are skipped; the answer is the same.
    static func search(_ queries: Matrix, _ reference: Matrix, panels: DistancePanels, k: Int,
                       partition: ReferencePartition? = nil) -> (indices: [Int32], distances: [Float]) {
        let n = queries.rows, d = queries.columns, m = reference.rows
        let capacity = Swift.min(m, k + Swift.max(8, k / 4))
        let maxNorm = panels.norms.prefix(m).max() ?? 0
        // Float32 rounding of q·r, ‖q‖² and ‖r‖² each stays below d·u·(‖q‖² + ‖r‖²); doubled for safety.
        let gamma = Double(2 * d + 8) * 0x1p-24
        var outIndices = [Int32](repeating: 0, count: n * k)
        var outDistances = [Float](repeating: 0, count: n * k)
        let queryOrder: [Int32]? = partition.map { part in
            let centre = ReferencePartition.nearest(queries, part.centres, count: part.centreCount)
            return (0..<Int32(n)).sorted { (a: Int32, b: Int32) -> Bool in
                let ca = centre[Int(a)], cb = centre[Int(b)]
                return ca != cb ? ca < cb : a < b
            }
        }
        let qb = partition == nil ? queryBlock : partitionedQueryBlock, pbw = panelBlock * DistancePanels.width
        outIndices.withUnsafeMutableBufferPointer { oi in
        outDistances.withUnsafeMutableBufferPointer { od in
        queries.storage.withUnsafeBufferPointer { qs in
        reference.storage.withUnsafeBufferPointer { rs in
        panels.values.withUnsafeBufferPointer { pv in
        panels.norms.withUnsafeBufferPointer { pn in
            let oiP = SendablePointer(oi.baseAddress!), odP = SendablePointer(od.baseAddress!)
            nonisolated(unsafe) let q = qs.baseAddress!, r = rs.baseAddress!
            nonisolated(unsafe) let pvals = pv.baseAddress!, pnorms = pn.baseAddress!
            Parallel.forEachChunk(count: n, minimumChunk: 256) { _, range in
                let buffer = UnsafeMutablePointer<Float>.allocate(capacity: qb * pbw)
                let candD = UnsafeMutablePointer<Float>.allocate(capacity: qb * capacity)
                let candI = UnsafeMutablePointer<Int32>.allocate(capacity: qb * capacity)
                let qnorm = UnsafeMutablePointer<Float>.allocate(capacity: qb)
                let exact = UnsafeMutablePointer<Double>.allocate(capacity: capacity)
                let order = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
                let rowOf = UnsafeMutablePointer<Int>.allocate(capacity: qb)
                // A buffer, not an array: the lists are read by the pruner between the kernel's
                // writes, which an array would check for overlapping access on every call.
                let lists = UnsafeMutablePointer<CandidateList>.allocate(capacity: qb)
                for i in 0..<qb { (lists + i).initialize(to: CandidateList(capacity: capacity, distances: candD + i * capacity, indices: candI + i * capacity)) }
                defer {
                    buffer.deallocate(); candD.deallocate(); candI.deallocate()
                    qnorm.deallocate(); exact.deallocate(); order.deallocate(); rowOf.deallocate(); lists.deallocate()
                }
                var pruner = partition.map { PanelPruner($0, queryBlock: qb, columns: d, gamma: gamma) }
                var start = range.lowerBound
                while start < range.upperBound {
                    let rows = Swift.min(qb, range.upperBound - start)
                    for i in 0..<rows { rowOf[i] = queryOrder.map { Int($0[start + i]) } ?? start + i }
                    let qBase = pruner?.gather(q, rows: rowOf, count: rows) ?? UnsafePointer(q + start * d)
                    for i in 0..<rows {
                        var s: Float = 0
                        for c in 0..<d { let v = qBase[i * d + c]; s += v * v }
                        qnorm[i] = s
                        lists[i].reset()
                    }
                    /// Distances to `count` panels from `panel` on, and every one below a row's threshold into its list.
                    func visit(_ panel: Int, _ count: Int) {
                        DistanceKernel.squaredDistances(
                            queries: qBase, queryNorms: qnorm, rowCount: rows, columns: d,
                            panels: pvals + panel * d * DistancePanels.width,
                            panelNorms: pnorms + panel * DistancePanels.width, panelCount: count,
                            out: buffer, outStride: pbw)
                        let firstIndex = panel * DistancePanels.width
                        let vectors = count * 2
                        for i in 0..<rows {
                            let row = UnsafeRawPointer(buffer + i * pbw)
                            let t = SIMD16<Float>(repeating: lists[i].threshold)
                            var v = 0
                            while v < vectors {
                                // Four vectors at a time: one test rejects 64 entries (the usual case).
                                var hit: Bool
                                let group = Swift.min(4, vectors - v)
                                if group == 4 {
                                    let a = row.loadUnaligned(fromByteOffset: v &* 64, as: SIMD16<Float>.self)
                                    let b = row.loadUnaligned(fromByteOffset: (v &+ 1) &* 64, as: SIMD16<Float>.self)
                                    let c = row.loadUnaligned(fromByteOffset: (v &+ 2) &* 64, as: SIMD16<Float>.self)
                                    let e = row.loadUnaligned(fromByteOffset: (v &+ 3) &* 64, as: SIMD16<Float>.self)
                                    hit = any((a .< t) .| (b .< t) .| (c .< t) .| (e .< t))
                                } else {
                                    hit = true
                                }
                                if hit {
                                    for u in 0..<group {
                                        let x = row.loadUnaligned(fromByteOffset: (v &+ u) &* 64, as: SIMD16<Float>.self)
                                        guard any(x .< SIMD16<Float>(repeating: lists[i].threshold)) else { continue }
                                        for lane in 0..<16 where x[lane] < lists[i].threshold {
                                            let packed = firstIndex &+ (v &+ u) &* 16 &+ lane
                                            lists[i].insert(x[lane], partition.map { $0.permutation[packed] } ?? Int32(truncatingIfNeeded: packed))
                                        }
                                    }
                                }
                                v &+= group
                            }
                        }
                    }
                    if pruner != nil {
                        pruner!.visit(queries: qBase, norms: qnorm, rows: rows, panelBlock: panelBlock, lists: lists, visit)
                    } else {
                        var panel = 0
                        while panel < panels.panelCount {
                            let count = Swift.min(panelBlock, panels.panelCount - panel)
                            visit(panel, count)
                            panel += count
                        }
                    }
                    for i in 0..<rows {
                        let qi = rowOf[i]
                        let list = lists[i]
                        let qRow = q + qi * d
                        let floor = ExactLowerBound(gamma: gamma, queryNorm: Double(qnorm[i]), maxNorm: Double(maxNorm))
                        // Exact distances in approximate order, kept sorted by (exact, index);
                        // stop once a candidate's approximate distance, less the rounding bound,
                        // exceeds the current exact k-th: later ones cannot enter (and the rows
                        // behind reference memory are random accesses, worth saving).
                        var computed = 0
                        var stoppedEarly = false
                        for t in 0..<list.count {
                            if computed >= k && floor(list.distances[t]) > exact[order[k - 1]] {
                                stoppedEarly = true
                                break
                            }
                            exact[t] = Distance.squaredEuclideanExact(qRow, r + Int(list.indices[t]) * d, count: d)
                            var u = computed
                            while u > 0 {
                                let p = order[u - 1]
                                if exact[p] > exact[t] || (exact[p] == exact[t] && list.indices[p] > list.indices[t]) {
                                    order[u] = p; u -= 1
                                } else { break }
                            }
                            order[u] = t
                            computed += 1
                        }
                        // A skipped panel's rows lie beyond the threshold of the moment, so they
                        // are covered by the same proofs as rows the threshold rejected.
                        let kth = exact[order[k - 1]]
                        let proven = stoppedEarly || list.count == m
                            || floor(list.threshold) > kth
                        if proven {
                            for t in 0..<k {
                                oiP[qi * k + t] = list.indices[order[t]]
                                odP[qi * k + t] = Float(exact[order[t]].squareRoot())
                            }
                        } else {
                            exactScan(qRow, r, m: m, d: d, k: k, indices: oiP.base + qi * k, distances: odP.base + qi * k)
                        }
                    }
                    start += rows
                }
                pruner?.deallocate()
            }
        }}}}}}
        return (outIndices, outDistances)
    }

    /// Exact top-k of one query by a full scan in Double (the rare rows the bound cannot prove).
    static func exactScan(_ query: UnsafePointer<Float>, _ reference: UnsafePointer<Float>, m: Int, d: Int, k: Int,
                          indices: UnsafeMutablePointer<Int32>, distances: UnsafeMutablePointer<Float>) {
        var bestD = [Double](repeating: .infinity, count: k)
        var bestI = [Int32](repeating: -1, count: k)
        for j in 0..<m {
            let dist = Distance.squaredEuclideanExact(query, reference + j * d, count: d)
            if dist < bestD[k - 1] {
                var t = k - 1
                while t > 0 && bestD[t - 1] > dist { bestD[t] = bestD[t - 1]; bestI[t] = bestI[t - 1]; t -= 1 }
                bestD[t] = dist; bestI[t] = Int32(j)
            }
        }
        for t in 0..<k { indices[t] = bestI[t]; distances[t] = Float(bestD[t].squareRoot()) }
    }
}

/// A lower bound on the exact squared distance of a reference row whose Float32 row-norm
/// distance came out as `a`. The rounding error is at most γ(‖q‖² + ‖r‖²) (γ = `gamma`), so
/// `a − γ(‖q‖² + max‖r‖²)` bounds it — but one far-out reference row (a customer with a huge
/// spend, a large standardised value) makes that loose for every query, and rows the bound
/// cannot prove are searched again by a full scan. Since ‖r‖² ≤ 2‖q‖² + 2‖q − r‖², the exact
/// distance e also satisfies e ≥ (a − 3γ‖q‖²) / (1 + 2γ), which does not depend on the other
/// rows; the larger of the two is used.
struct ExactLowerBound {
    let globalSlack: Double, relativeSlack: Double, scale: Double

    init(gamma: Double, queryNorm: Double, maxNorm: Double) {
        globalSlack = gamma * (queryNorm + maxNorm)
        // ‖q‖² as rounded in Float32 may be low by d·u of itself; γ covers that.
        relativeSlack = 3 * gamma * queryNorm * (1 + gamma)
        scale = 1 / (1 + 2 * gamma)
    }

    @inline(__always)
    func callAsFunction(_ approximate: Float) -> Double {
        let a = Double(approximate)
        return Swift.max(a - globalSlack, (a - relativeSlack) * scale)
    }
}
