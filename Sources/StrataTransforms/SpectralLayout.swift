import Foundation
import StrataCore

/// UMAP's spectral initialisation: the eigenvectors of the normalised graph Laplacian
/// `L = I − D^{-1/2} W D^{-1/2}` for its 2nd … (dim+1)-th smallest eigenvalues (umap-learn's
/// `spectral_layout`).
///
/// Solver: a restarted block Krylov (block Lanczos with Rayleigh–Ritz and full
/// re-orthogonalisation) on `(I + D^{-1/2} W D^{-1/2}) / 2`, whose largest eigenvalues are L's
/// smallest; the trivial eigenvector `√deg` is deflated. Same role as umap-learn's ARPACK `eigsh`
/// (`which="SM"`, tol 1e-4); the resulting basis may differ by rotation inside clusters of
/// (near-)equal eigenvalues, which only changes the starting point of the SGD.
///
/// Disconnected graphs follow umap-learn's `multi_component_layout`: every component gets its own
/// spectral layout, scaled to half the distance to the nearest other component and shifted to a
/// meta position — ±unit axes when there are at most 2·dim components, otherwise a spectral layout
/// of the component centroids' Gaussian affinity (up to 512 components) or seeded uniform positions
/// beyond that. Components smaller than 2·dim points are placed uniformly at random, as umap-learn does.
///
/// Complexity: O(restarts · blockSize · depth · (edges + n · blockSize · depth)); memory
/// 2 · n · blockSize · (depth+1) floats.
enum SpectralLayout {
    /// An `n × dim` row-major layout; never throws — a solver that stalls returns its best Ritz basis.
    static func layout(graph: FuzzyGraph, data: Matrix?, dimension dim: Int, seed: UInt64) -> [Float] {
        let n = graph.rowCount
        let (labels, componentCount) = components(graph)
        if componentCount == 1 { return connectedLayout(graph: graph, dimension: dim, seed: seed) }
        let meta = metaEmbedding(labels: labels, count: componentCount, data: data, dimension: dim, seed: seed)
        var result = [Float](repeating: 0, count: n * dim)
        var members = [[Int]](repeating: [], count: componentCount)
        for i in 0..<n { members[labels[i]].append(i) }
        let random = CounterRandom(seed: seed ^ 0x5EC7)
        // Components are independent eigenproblems: solved concurrently, largest first.
        let solved = (0..<componentCount).filter { members[$0].count >= 2 * dim && members[$0].count > dim + 1 }
            .sorted { members[$0].count > members[$1].count }
        let locals = ResultSlots<[Float]>(count: componentCount)
        let groups = members
        Parallel.perform(iterations: solved.count) { job in
            let c = solved[job]
            locals[c] = connectedLayout(graph: subgraph(graph, rows: groups[c]), dimension: dim, seed: seed &+ UInt64(c))
        }
        for c in 0..<componentCount {
            var nearest = Double.infinity
            for o in 0..<componentCount where o != c {
                var s = 0.0
                for t in 0..<dim { let d = meta[c * dim + t] - meta[o * dim + t]; s += d * d }
                if s > 0 { nearest = min(nearest, s.squareRoot()) }
            }
            let range = nearest.isFinite ? nearest / 2 : 1
            let idx = members[c]
            guard let local = locals[c] else {
                for (r, i) in idx.enumerated() {
                    for t in 0..<dim {
                        let u = Double(random.unitFloat(stream: UInt64(c), counter: UInt64(r * dim + t)))
                        result[i * dim + t] = Float(meta[c * dim + t] + (2 * u - 1) * range)
                    }
                }
                continue
            }
            let maxAbs = Double(local.lazy.map { abs($0) }.max() ?? 1)
            let expansion = maxAbs > 0 ? range / maxAbs : 1
            for (r, i) in idx.enumerated() {
                for t in 0..<dim { result[i * dim + t] = Float(Double(local[r * dim + t]) * expansion + meta[c * dim + t]) }
            }
        }
        return result
    }

    /// Connected components by union–find; labels numbered by first appearance.
    static func components(_ g: FuzzyGraph) -> ([Int], Int) {
        var parent = Array(0..<g.rowCount)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for r in 0..<g.rowCount {
            for e in g.rowStarts[r]..<g.rowStarts[r + 1] {
                let a = find(r), b = find(Int(g.columns[e]))
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var label = [Int](repeating: -1, count: g.rowCount), map = [Int: Int]()
        for i in 0..<g.rowCount {
            let root = find(i)
            if let l = map[root] { label[i] = l } else { label[i] = map.count; map[root] = label[i] }
        }
        return (label, map.count)
    }

    static func subgraph(_ g: FuzzyGraph, rows: [Int]) -> FuzzyGraph {
        var local = [Int32](repeating: -1, count: g.rowCount)
        for (r, i) in rows.enumerated() { local[i] = Int32(r) }
        var starts = [0], cols = [Int32](), ws = [Float]()
        starts.reserveCapacity(rows.count + 1)
        for i in rows {
            for e in g.rowStarts[i]..<g.rowStarts[i + 1] {
                let c = local[Int(g.columns[e])]
                if c >= 0 { cols.append(c); ws.append(g.weights[e]) }
            }
            starts.append(cols.count)
        }
        return FuzzyGraph(rowCount: rows.count, columnCount: rows.count, rowStarts: starts, columns: cols, weights: ws)
    }

    static func metaEmbedding(labels: [Int], count m: Int, data: Matrix?, dimension dim: Int, seed: UInt64) -> [Double] {
        var meta = [Double](repeating: 0, count: m * dim)
        if m <= 2 * dim {
            // umap-learn: rows of [I; −I] (k = ⌈m/2⌉ axes).
            let k = (m + 1) / 2
            for c in 0..<m { let axis = c % k; meta[c * dim + axis] = c < k ? 1 : -1 }
            return meta
        }
        if let data, m <= 512 {
            let d = data.columns
            var centroids = [Double](repeating: 0, count: m * d), sizes = [Double](repeating: 0, count: m)
            for i in 0..<data.rows {
                sizes[labels[i]] += 1
                for t in 0..<d { centroids[labels[i] * d + t] += Double(data[i, t]) }
            }
            for c in 0..<m { for t in 0..<d { centroids[c * d + t] /= max(sizes[c], 1) } }
            var affinity = [Double](repeating: 0, count: m * m), degree = [Double](repeating: 0, count: m)
            for p in 0..<m {
                for q in 0..<m {
                    var s = 0.0
                    for t in 0..<d { let x = centroids[p * d + t] - centroids[q * d + t]; s += x * x }
                    affinity[p * m + q] = exp(-s)
                    degree[p] += affinity[p * m + q]
                }
            }
            for p in 0..<m { for q in 0..<m { affinity[p * m + q] /= (degree[p] * degree[q]).squareRoot() } }
            let (_, vectors) = SymmetricEigen.decompose(affinity, size: m)
            var maxAbs = 0.0
            for c in 0..<m {
                for t in 0..<dim {
                    // Skip the trivial top eigenvector; scale like sklearn's SpectralEmbedding (D^{-1/2}).
                    let v = vectors[c * m + t + 1] / degree[c].squareRoot()
                    meta[c * dim + t] = v; maxAbs = max(maxAbs, abs(v))
                }
            }
            if maxAbs > 0 { for i in meta.indices { meta[i] /= maxAbs } }
            return meta
        }
        let random = CounterRandom(seed: seed ^ 0x3E7A)
        for i in meta.indices { meta[i] = Double(random.unitFloat(stream: 1, counter: UInt64(i))) * 2 - 1 }
        return meta
    }
}
