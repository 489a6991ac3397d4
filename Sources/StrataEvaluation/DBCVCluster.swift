import StrataCore

/// One cluster's part of DBCV: its all-points core distances, the minimum spanning tree of its
/// mutual-reachability graph, the tree's internal nodes and the density sparseness.
///
/// The points are copied once into a feature-major `Double` buffer padded to 8 lanes, so every
/// "distances from one point to all" row is a run of `SIMD8<Double>` fused multiply-adds.
/// Nothing of size n × n is ever stored: core distances take one pass over all pairs (split over
/// the cores), Prim's algorithm a second pass, one row per added vertex.
///
/// Memory: the cluster's points as Double (8 · n · d bytes) plus a few n-long arrays.
/// Time: 2 · n² · d multiply-adds.
struct DBCVCluster: Sendable {
    static let lanes = 8

    /// Core distance of each point, in the cluster's row order.
    let coreDistances: [Double]
    /// Positions (into the cluster's rows) of the tree's internal vertices, ascending.
    let internalNodes: [Int]
    /// The largest internal edge of the tree (all edges when none is internal).
    let densitySparseness: Double

    /// `points`: the cluster's rows of the data, in ascending row order (the order matters: the
    /// tree is grown from the first point, and ties are broken by position as hdbscan does).
    init(points: DBCVPoints, dimension: Int) {
        let n = points.count
        guard n > 1 else {
            // hdbscan fails on a one-point cluster; Strata gives it no spread and its one point.
            coreDistances = [Double](repeating: 0, count: n)
            internalNodes = n == 1 ? [0] : []
            densitySparseness = 0
            return
        }
        let core = Self.allPointsCoreDistances(points, dimension: dimension)
        let tree = Self.spanningTree(points, core: core)
        coreDistances = core
        internalNodes = tree.internalNodes
        densitySparseness = tree.sparseness
    }

    /// Moulavi et al.'s all-points core distance: `(Σ_{j≠i, dᵢⱼ>0} dᵢⱼ^(−d) / (n − 1))^(−1/d)`.
    ///
    /// The coordinates are divided by the cluster's spread first and the result multiplied back
    /// (the core distance is homogeneous of degree 1), so `d`-th powers neither overflow nor
    /// underflow for ordinary data at any scale.
    static func allPointsCoreDistances(_ points: DBCVPoints, dimension: Int) -> [Double] {
        let n = points.count
        let scale = points.spread
        let half = dimension / 2, odd = dimension % 2 == 1
        let inverseScaleSquared = scale * scale
        var sums = [Double](repeating: 0, count: n)
        sums.withUnsafeMutableBufferPointer { out in
            let outBase = SendablePointer(out.baseAddress!)
            Parallel.forEachChunk(count: n, minimumChunk: 32) { _, range in
                var row = [Double](repeating: 0, count: points.stride)
                row.withUnsafeMutableBufferPointer { r in
                    for i in range {
                        points.squaredDistances(from: i, into: r.baseAddress!)
                        var total = SIMD8<Double>()
                        var j = 0
                        while j < n {
                            let sq = UnsafeRawPointer(r.baseAddress! + j).loadUnaligned(as: SIMD8<Double>.self)
                            // (scale / dist)^d = (scale² / sq)^(d/2)
                            let t = inverseScaleSquared / sq
                            var p = power(t, half)
                            if odd { p *= t.squareRoot() }
                            // Zero distances (the point itself, duplicates) and padding lanes do not count.
                            let live = SIMD8<Double>(0, 1, 2, 3, 4, 5, 6, 7) .< SIMD8<Double>(repeating: Double(n - j))
                            p.replace(with: 0, where: (sq .== 0) .| .!live)
                            total += p
                            j += lanes
                        }
                        outBase[i] = total.sum()
                    }
                }
            }
        }
        let allZero = sums.allSatisfy { $0 == 0 }
        if allZero { return [Double](repeating: 0, count: n) }
        return sums.map { scale * Foundation_pow($0 / Double(n - 1), -1.0 / Double(dimension)) }
    }

    /// `t^e` for a small non-negative integer `e`, by squaring.
    @inline(__always)
    static func power(_ t: SIMD8<Double>, _ e: Int) -> SIMD8<Double> {
        var result = SIMD8<Double>(repeating: 1)
        var base = t, e = e
        while e > 0 {
            if e & 1 == 1 { result *= base }
            base *= base
            e >>= 1
        }
        return result
    }

    /// Prim's algorithm on the mutual-reachability graph `max(dᵢⱼ, coreᵢ, coreⱼ)`, grown from
    /// point 0 and choosing the lowest position among equal weights — the order of hdbscan's
    /// `mst_linkage_core`. Each new vertex is then attached, like hdbscan's
    /// `internal_minimum_spanning_tree`, to the lowest-positioned earlier vertex whose
    /// mutual-reachability distance is `isclose` (rtol 1e-5, atol 1e-8) to the edge weight;
    /// with the many ties of mutual reachability this decides which vertices are internal.
    static func spanningTree(_ points: DBCVPoints, core: [Double]) -> (internalNodes: [Int], sparseness: Double) {
        let n = points.count
        var best = [Double](repeating: .greatestFiniteMagnitude, count: n)
        var inTree = [Bool](repeating: false, count: n)
        var degree = [Int](repeating: 0, count: n)
        var edges = [(a: Int, b: Int, weight: Double)]()
        edges.reserveCapacity(n - 1)
        var row = [Double](repeating: 0, count: points.stride)
        var current = 0
        var currentWeight = 0.0
        row.withUnsafeMutableBufferPointer { r in
            let distances = r.baseAddress!
            for step in 0..<n {
                inTree[current] = true
                points.distances(from: current, into: distances)
                let coreCurrent = core[current]
                if step > 0 {
                    let tolerance = 1e-8 + 1e-5 * abs(currentWeight)
                    var source = -1
                    for v in 0..<n where inTree[v] && v != current {
                        let mr = Swift.max(distances[v], coreCurrent, core[v])
                        if abs(mr - currentWeight) <= tolerance { source = v; break }
                    }
                    // Prim's own source always qualifies; -1 cannot happen but must not trap.
                    if source < 0 { source = 0 }
                    degree[source] += 1
                    degree[current] += 1
                    edges.append((source, current, currentWeight))
                }
                if step == n - 1 { break }
                var nextWeight = Double.greatestFiniteMagnitude
                var next = 0
                for j in 0..<n where !inTree[j] {
                    let mr = Swift.max(distances[j], coreCurrent, core[j])
                    if mr < best[j] { best[j] = mr }
                    if best[j] < nextWeight { nextWeight = best[j]; next = j }
                }
                current = next
                currentWeight = nextWeight
            }
        }
        var internalNodes = (0..<n).filter { degree[$0] > 1 }
        if internalNodes.isEmpty { internalNodes = [0] }
        var isInternal = [Bool](repeating: false, count: n)
        for v in internalNodes { isInternal[v] = true }
        let internalEdges = edges.filter { isInternal[$0.a] && isInternal[$0.b] }
        // The paper leaves sparseness undefined without internal edges; like the authors' MATLAB
        // code (and hdbscan), take the largest edge of the whole tree then.
        let chosen = internalEdges.isEmpty ? edges : internalEdges
        return (internalNodes, chosen.map(\.weight).max() ?? 0)
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func Foundation_pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
#elseif canImport(Darwin)
import Darwin
@inline(__always) func Foundation_pow(_ x: Double, _ y: Double) -> Double { Darwin.pow(x, y) }
#endif
