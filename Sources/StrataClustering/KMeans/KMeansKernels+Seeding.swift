import StrataCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension KMeansKernels {
    /// `count` distinct rows drawn uniformly (sklearn `init="random"`), as k × d `Double` centres.
    static func randomCenters(_ data: Matrix, count k: Int, generator: inout SeededGenerator) -> [Double] {
        let indices = distinctIndices(count: k, below: data.rows, generator: &generator)
        var centers = [Double]()
        centers.reserveCapacity(k * data.columns)
        for i in indices { for j in 0..<data.columns { centers.append(Double(data[i, j])) } }
        return centers
    }

    /// `count` distinct indices below `upperBound`, in random order (sparse Fisher–Yates: O(count)
    /// memory, so drawing a few centres from millions of rows allocates nothing large).
    static func distinctIndices(count: Int, below upperBound: Int, generator: inout SeededGenerator) -> [Int] {
        var swapped = [Int: Int]()
        var out = [Int]()
        out.reserveCapacity(count)
        for i in 0..<count {
            let j = i + generator.nextInt(below: upperBound - i)
            let valueJ = swapped[j] ?? j
            let valueI = swapped[i] ?? i
            swapped[j] = valueI
            out.append(valueJ)
        }
        return out
    }

    /// Greedy k-means++ exactly as sklearn's `_kmeans_plusplus`: the first centre uniformly; each
    /// next one the best (lowest resulting potential) of `2 + ⌊ln k⌋` candidates drawn with
    /// probability proportional to the squared distance to the nearest chosen centre.
    static func kMeansPlusPlus(_ data: Matrix, count k: Int, generator: inout SeededGenerator) -> [Double] {
        let blocks = RowBlocks(data)
        defer { blocks.deallocate() }
        return kMeansPlusPlus(data, blocks: blocks, count: k, generator: &generator)
    }

    static func kMeansPlusPlus(_ data: Matrix, blocks: RowBlocks, count k: Int, generator: inout SeededGenerator) -> [Double] {
        let n = data.rows, d = data.columns
        let trials = 2 + Int(log(Double(k)))
        var chosen = [generator.nextInt(below: n)]
        // Squared distance to the nearest chosen centre, padded to whole blocks with zeros.
        var closest = [Float](repeating: 0, count: blocks.blockCount * 16)
        var chunkSums = updateClosest(data, blocks: blocks, candidate: chosen[0], closest: &closest, initialise: true)
        var updated = [Float](repeating: 0, count: trials * blocks.blockCount * 16)
        for _ in 1..<max(1, k) {
            let potential = chunkSums.reduce(0, +)
            // Draw candidates by inverse-CDF on the running sum of squared distances (searchsorted).
            let targets = (0..<trials).map { _ in generator.nextUnit() * potential }
            let candidates = searchSorted(closest, rows: n, chunkSums: chunkSums, blockCount: blocks.blockCount, targets: targets)
            // Each candidate's min(closest, distance) is kept, so adopting the winner is a copy,
            // not another pass over the data.
            let perChunk = candidatePotentials(data, blocks: blocks, candidates: candidates, closest: closest, updated: &updated)
            var potentials = [Double](repeating: 0, count: trials)
            for part in perChunk { for t in 0..<trials { potentials[t] += part[t] } }
            var best = 0
            for t in 1..<candidates.count where potentials[t] < potentials[best] { best = t }
            chosen.append(candidates[best])
            let stride = blocks.blockCount * 16
            updated.withUnsafeBufferPointer { u in
                closest.withUnsafeMutableBufferPointer { c in
                    c.baseAddress!.update(from: u.baseAddress! + best * stride, count: stride)
                }
            }
            chunkSums = perChunk.map { $0[best] }
        }
        var centers = [Double]()
        centers.reserveCapacity(k * d)
        for i in chosen { for j in 0..<d { centers.append(Double(data[i, j])) } }
        return centers
    }

    /// For each target, the first row whose inclusive running sum reaches it, clipped to n − 1.
    /// The per-chunk sums from ``updateClosest`` locate the chunk; only that chunk is scanned.
    static func searchSorted(_ weights: [Float], rows n: Int, chunkSums: [Double], blockCount: Int, targets: [Double]) -> [Int] {
        let chunks = chunkSums.count
        return targets.map { target in
            var running = 0.0
            for c in 0..<chunks {
                if running + chunkSums[c] >= target {
                    let blockRange = Parallel.chunkRange(c, of: chunks, count: blockCount)
                    for i in (blockRange.lowerBound * 16)..<min(n, blockRange.upperBound * 16) {
                        running += Double(weights[i])
                        if running >= target { return i }
                    }
                    return min(n, blockRange.upperBound * 16) - 1
                }
                running += chunkSums[c]
            }
            return n - 1
        }
    }

    /// For each parallel chunk, Σ min(closest, ‖x − candidate‖²) per candidate (in `Double`), and
    /// each candidate's updated distances in `updated` (candidate s at offset s · blocks · 16). All
    /// candidates meet one block together: independent FMA chains, one read of the block.
    static func candidatePotentials(_ data: Matrix, blocks: RowBlocks, candidates: [Int], closest: [Float],
                                    updated: inout [Float]) -> [[Double]] {
        let d = data.columns, t = candidates.count
        let stride = blocks.blockCount * 16
        let points = data.storage.withUnsafeBufferPointer { x in candidates.flatMap { blocks.centred(x.baseAddress! + $0 &* d) } }
        return closest.withUnsafeBufferPointer { c in
            points.withUnsafeBufferPointer { pts in
                updated.withUnsafeMutableBufferPointer { u in
                    nonisolated(unsafe) let closestLanes = UnsafeRawPointer(c.baseAddress!), pp = pts.baseAddress!
                    nonisolated(unsafe) let out = UnsafeMutableRawPointer(u.baseAddress!)
                    return Parallel.mapChunks(count: blocks.blockCount, minimumChunk: RowBlocks.minimumChunkBlocks) { range in
                        var acc = [SIMD16<Double>](repeating: .zero, count: t)
                        var dist = [SIMD16<Float>](repeating: .zero, count: t)
                        acc.withUnsafeMutableBufferPointer { a in
                            dist.withUnsafeMutableBufferPointer { dd in
                                let ap = a.baseAddress!, dp = dd.baseAddress!
                                for b in range {
                                    let x = UnsafePointer(blocks.storage + b &* d)
                                    for s in 0..<t { dp[s] = .zero }
                                    for j in 0..<d {
                                        let xj = x[j]
                                        for s in 0..<t {
                                            let diff = xj - SIMD16<Float>(repeating: pp[s &* d &+ j])
                                            dp[s].addMul(diff, diff)
                                        }
                                    }
                                    // Padding lanes hold closest = 0, so they stay 0 and add nothing.
                                    let current = closestLanes.load(fromByteOffset: b &* 64, as: SIMD16<Float>.self)
                                    for s in 0..<t {
                                        let lowered = current.replacing(with: dp[s], where: dp[s] .< current)
                                        out.storeBytes(of: lowered, toByteOffset: (s &* stride &+ b &* 16) &* 4, as: SIMD16<Float>.self)
                                        ap[s] += SIMD16<Double>(lowered)
                                    }
                                }
                            }
                        }
                        return acc.map { $0.sum() }
                    }
                }
            }
        }
    }

    /// Lowers `closest` to the distance to `candidate`; returns the per-chunk sums of `closest`.
    static func updateClosest(_ data: Matrix, blocks: RowBlocks, candidate: Int, closest: inout [Float], initialise: Bool) -> [Double] {
        let d = data.columns
        return data.storage.withUnsafeBufferPointer { x in
            closest.withUnsafeMutableBufferPointer { c in
                let pointValues = blocks.centred(x.baseAddress! + candidate &* d)
                nonisolated(unsafe) let cp = UnsafeMutableRawPointer(c.baseAddress!)
                return Parallel.mapChunks(count: blocks.blockCount, minimumChunk: RowBlocks.minimumChunkBlocks) { range in
                    var acc = SIMD16<Double>()
                    for b in range {
                        var dist = pointValues.withUnsafeBufferPointer { blocks.distances(block: b, to: $0.baseAddress!) }
                        if initialise {
                            let lanes = blocks.laneCount(b)
                            if lanes < 16 { for lane in lanes..<16 { dist[lane] = 0 } }
                        } else {
                            let current = cp.load(fromByteOffset: b &* 64, as: SIMD16<Float>.self)
                            dist = current.replacing(with: dist, where: dist .< current)
                        }
                        cp.storeBytes(of: dist, toByteOffset: b &* 64, as: SIMD16<Float>.self)
                        acc += SIMD16<Double>(dist)
                    }
                    return acc.sum()
                }
            }
        }
    }
}
