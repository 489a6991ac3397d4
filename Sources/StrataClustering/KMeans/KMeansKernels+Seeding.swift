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
        let n = data.rows, d = data.columns
        let trials = 2 + Int(log(Double(k)))
        var chosen = [generator.nextInt(below: n)]
        var closest = [Float](repeating: 0, count: n)
        var potential = updateClosest(data, candidate: chosen[0], closest: &closest, initialise: true)
        for _ in 1..<max(1, k) {
            // Draw candidates by inverse-CDF on the running sum of squared distances (searchsorted).
            let targets = (0..<trials).map { _ in generator.nextUnit() * potential }
            let candidates = searchSorted(closest, targets: targets)
            let potentials = candidatePotentials(data, candidates: candidates, closest: closest)
            var best = 0
            for t in 1..<candidates.count where potentials[t] < potentials[best] { best = t }
            chosen.append(candidates[best])
            potential = updateClosest(data, candidate: candidates[best], closest: &closest, initialise: false)
        }
        var centers = [Double]()
        centers.reserveCapacity(k * d)
        for i in chosen { for j in 0..<d { centers.append(Double(data[i, j])) } }
        return centers
    }

    /// For each target, the first index whose inclusive running sum reaches it, clipped to n − 1.
    static func searchSorted(_ weights: [Float], targets: [Double]) -> [Int] {
        let order = targets.indices.sorted { targets[$0] < targets[$1] }
        var result = [Int](repeating: weights.count - 1, count: targets.count)
        var running = 0.0
        var next = 0
        weights.withUnsafeBufferPointer { w in
            for i in 0..<w.count {
                running += Double(w[i])
                while next < order.count && targets[order[next]] <= running {
                    result[order[next]] = i
                    next += 1
                }
                if next == order.count { break }
            }
        }
        return result
    }

    /// Σ min(closest, ‖x − candidate‖²) for each candidate, in `Double` over fixed chunks.
    static func candidatePotentials(_ data: Matrix, candidates: [Int], closest: [Float]) -> [Double] {
        let d = data.columns, t = candidates.count
        let partials: [[Double]] = data.storage.withUnsafeBufferPointer { x in
            closest.withUnsafeBufferPointer { c in
                nonisolated(unsafe) let xp = x.baseAddress!, cp = c.baseAddress!
                let candidateRows = candidates.map { xp + $0 &* d }
                nonisolated(unsafe) let rows = candidateRows
                return Parallel.mapChunks(count: data.rows, minimumChunk: 8192) { range in
                    var pots = [Double](repeating: 0, count: t)
                    for i in range {
                        let row = xp + i &* d
                        let current = cp[i]
                        for s in 0..<t {
                            pots[s] += Double(min(current, Distance.squaredEuclidean(row, rows[s], count: d)))
                        }
                    }
                    return pots
                }
            }
        }
        var total = [Double](repeating: 0, count: t)
        for p in partials { for s in 0..<t { total[s] += p[s] } }
        return total
    }

    /// Lowers `closest` to the distance to `candidate` and returns the new potential Σ closest.
    static func updateClosest(_ data: Matrix, candidate: Int, closest: inout [Float], initialise: Bool) -> Double {
        let d = data.columns
        let partials: [Double] = data.storage.withUnsafeBufferPointer { x in
            closest.withUnsafeMutableBufferPointer { c in
                nonisolated(unsafe) let xp = x.baseAddress!
                let cp = SendablePointer(c.baseAddress!)
                let centre = xp + candidate &* d
                nonisolated(unsafe) let centreRow = centre
                return Parallel.mapChunks(count: data.rows, minimumChunk: 8192) { range in
                    var s = 0.0
                    for i in range {
                        let dist = Distance.squaredEuclidean(xp + i &* d, centreRow, count: d)
                        let v = initialise ? dist : min(cp[i], dist)
                        cp[i] = v
                        s += Double(v)
                    }
                    return s
                }
            }
        }
        return partials.reduce(0, +)
    }
}
