import Foundation
import StrataCore

/// umap-learn's `smooth_knn_dist` and `compute_membership_strengths`: per-point scale `sigma`
/// and offset `rho` so that each point's fuzzy neighbourhood has total membership `log2(k)`.
///
/// ```swift
/// let (sigmas, rhos) = SmoothKNN.distances(graph.distances, k: 15)
/// ```
/// Complexity O(n · k · 64) (binary search of at most 64 steps per point), parallel over points.
/// Reference: McInnes, Healy & Melville, "UMAP" (2018), §3.1; umap-learn 0.5.12 `umap_.py`.
public enum SmoothKNN {
    static let tolerance: Double = 1e-5        // SMOOTH_K_TOLERANCE
    static let minimumScale: Double = 1e-3     // MIN_K_DIST_SCALE

    /// Sigmas and rhos for a `count × k` distance table (row-major, nearest first, self first
    /// when the table includes it — the first column is skipped in the sum, as umap-learn does).
    public static func distances(_ distances: [Float], count n: Int, k: Int, neighborCount: Double,
                                 localConnectivity: Double = 1, bandwidth: Double = 1,
                                 iterations: Int = 64) -> (sigmas: [Float], rhos: [Float]) {
        let target = log2(neighborCount) * bandwidth
        var sigmas = [Float](repeating: 0, count: n), rhos = [Float](repeating: 0, count: n)
        // umap-learn averages the float32 table; a Double sum here differs only in the last bits.
        var total = 0.0
        for v in distances { total += Double(v) }
        let meanDistances = n * k > 0 ? total / Double(n * k) : 0
        sigmas.withUnsafeMutableBufferPointer { sb in
            rhos.withUnsafeMutableBufferPointer { rb in
                let sp = SendablePointer(sb.baseAddress!), rp = SendablePointer(rb.baseAddress!)
                distances.withUnsafeBufferPointer { db in
                    nonisolated(unsafe) let d = db.baseAddress!
                    Parallel.forEachChunk(count: n, minimumChunk: 2048) { _, range in
                        for i in range {
                            let row = d + i * k
                            let (s, r) = smoothRow(row, k: k, target: target, localConnectivity: localConnectivity,
                                                   meanDistances: meanDistances, iterations: iterations)
                            sp[i] = s; rp[i] = r
                        }
                    }
                }
            }
        }
        return (sigmas, rhos)
    }

    @inline(__always)
    static func smoothRow(_ row: UnsafePointer<Float>, k: Int, target: Double, localConnectivity: Double,
                          meanDistances: Double, iterations: Int) -> (Float, Float) {
        var nonZero = [Double]()
        nonZero.reserveCapacity(k)
        var rowSum = 0.0
        for j in 0..<k {
            let v = Double(row[j]); rowSum += v
            if v > 0 { nonZero.append(v) }
        }
        var rho = 0.0
        if Double(nonZero.count) >= localConnectivity {
            let index = Int(localConnectivity.rounded(.down))
            let interpolation = localConnectivity - Double(index)
            if index > 0 {
                rho = nonZero[index - 1]
                if interpolation > tolerance { rho += interpolation * (nonZero[index] - nonZero[index - 1]) }
            } else {
                rho = interpolation * nonZero[0]
            }
        } else if !nonZero.isEmpty {
            rho = nonZero.max()!
        }
        // umap-learn keeps rho in float32.
        rho = Double(Float(rho))
        var lo = 0.0, hi = Double.infinity, mid = 1.0
        for _ in 0..<iterations {
            var psum = 0.0
            for j in 1..<max(k, 1) {
                let dd = Double(row[j]) - rho
                psum += dd > 0 ? exp(-(dd / mid)) : 1.0
            }
            if abs(psum - target) < tolerance { break }
            if psum > target {
                hi = mid; mid = (lo + hi) / 2
            } else {
                lo = mid
                if hi == .infinity { mid *= 2 } else { mid = (lo + hi) / 2 }
            }
        }
        var sigma = mid
        if rho > 0 {
            let meanRow = rowSum / Double(k)
            if sigma < minimumScale * meanRow { sigma = minimumScale * meanRow }
        } else if sigma < minimumScale * meanDistances {
            sigma = minimumScale * meanDistances
        }
        return (Float(sigma), Float(rho))
    }

    /// The directed membership graph `exp(-(d - rho) / sigma)` (umap-learn's
    /// `compute_membership_strengths`). With `bipartite == false` a point's own entry gets 0 and
    /// is dropped; entries with index -1 are skipped. Columns are sorted within each row.
    public static func membershipGraph(indices: [Int32], distances: [Float], count n: Int, k: Int,
                                       sigmas: [Float], rhos: [Float], columnCount: Int,
                                       bipartite: Bool) -> FuzzyGraph {
        var starts = [Int](repeating: 0, count: n + 1)
        var cols = [Int32](), ws = [Float]()
        cols.reserveCapacity(n * k); ws.reserveCapacity(n * k)
        var rowEntries = [(Int32, Float)]()
        for i in 0..<n {
            rowEntries.removeAll(keepingCapacity: true)
            for j in 0..<k {
                let idx = indices[i * k + j]
                if idx < 0 { continue }
                let value: Float
                if !bipartite && Int(idx) == i {
                    value = 0
                } else if distances[i * k + j] - rhos[i] <= 0 || sigmas[i] == 0 {
                    value = 1
                } else {
                    value = Float(exp(-Double(distances[i * k + j] - rhos[i]) / Double(sigmas[i])))
                }
                if value != 0 { rowEntries.append((idx, value)) }
            }
            rowEntries.sort { $0.0 < $1.0 }
            var last: Int32 = -1
            for (c, w) in rowEntries {
                if c == last { ws[ws.count - 1] += w; continue }   // scipy sums duplicates
                cols.append(c); ws.append(w); last = c
            }
            starts[i + 1] = cols.count
        }
        return FuzzyGraph(rowCount: n, columnCount: columnCount, rowStarts: starts, columns: cols, weights: ws)
    }

    /// The fuzzy union `mix·(A + Aᵀ − A∘Aᵀ) + (1 − mix)·A∘Aᵀ` of a directed membership graph
    /// (umap-learn's `fuzzy_simplicial_set` with `apply_set_operations`), zeros eliminated.
    public static func fuzzyUnion(_ a: FuzzyGraph, setOpMixRatio mix: Float) -> FuzzyGraph {
        let t = a.transposed()
        let n = a.rowCount
        var starts = [Int](repeating: 0, count: n + 1)
        var cols = [Int32](), ws = [Float]()
        cols.reserveCapacity(a.edgeCount * 2); ws.reserveCapacity(a.edgeCount * 2)
        for i in 0..<n {
            var p = a.rowStarts[i], q = t.rowStarts[i]
            let pe = a.rowStarts[i + 1], qe = t.rowStarts[i + 1]
            while p < pe || q < qe {
                let cp = p < pe ? a.columns[p] : Int32.max
                let cq = q < qe ? t.columns[q] : Int32.max
                var x: Float = 0, y: Float = 0
                let c: Int32
                if cp == cq { x = a.weights[p]; y = t.weights[q]; c = cp; p += 1; q += 1 }
                else if cp < cq { x = a.weights[p]; c = cp; p += 1 }
                else { y = t.weights[q]; c = cq; q += 1 }
                let prod = x * y
                let v = mix * (x + y - prod) + (1 - mix) * prod
                if v != 0 { cols.append(c); ws.append(v) }
            }
            starts[i + 1] = cols.count
        }
        return FuzzyGraph(rowCount: n, columnCount: n, rowStarts: starts, columns: cols, weights: ws)
    }
}
