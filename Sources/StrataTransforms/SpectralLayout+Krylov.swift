import Foundation
import StrataCore

extension SpectralLayout {
    /// Residual norm `‖A·x − λ·x‖` (unit `x`) at which the Ritz vectors are accepted. ARPACK in
    /// umap-learn runs at tol 1e-4 on the eigenvalue; the layout is only the SGD's starting
    /// point, and the wanted eigenvalues come in tight clusters (10-blob data: ten within 3e-3;
    /// 200,000 customers: gaps of 1e-5 below 1), where tightening the residual only rotates
    /// vectors inside the cluster. Measured (bench_transforms.py data, 5,000-row trustworthiness
    /// of the final embedding): 1e-3 → 4e-3 took 200,000 customers from 8 to 4 restarts with
    /// 0.9882 → 0.9887, and 100,000 blobs from 4–12 to 2–5 per component with 0.9664 → 0.9657
    /// (umap-learn 0.9895 and 0.9668).
    static let tolerance = 4e-3
    /// Restart cap: a stalled solve returns its best Ritz basis (the SGD then does the rest).
    static let maximumRestarts = 20
    /// Krylov blocks per restart after the starting block.
    static let depth = 7

    /// The spectral layout of a connected graph: `n × dim`, unit-norm columns.
    ///
    /// Restarted block Lanczos with full re-orthogonalisation on `M = (I + D^{-1/2} W D^{-1/2}) / 2`
    /// (L's smallest eigenvalues are M's largest). The basis is stored row-major (`n × stride`,
    /// column 0 the trivial eigenvector `√deg`, blocks of `block` columns from column 8), so the
    /// sparse product reads one contiguous run of `block` values per neighbour and every
    /// projection is a per-row outer product in SIMD — both split over the cores in fixed chunks.
    /// Each new block is projected against the basis and orthonormalised by SVQB (eigen-
    /// decomposition of its Gram matrix, dropping directions already in the basis), twice. The
    /// Rayleigh quotient `H = Vᵀ M V` comes for free from the projection coefficients of the raw
    /// images `M·V_l`; the top `block` Ritz vectors are the next restart's starting block.
    static func connectedLayout(graph g: FuzzyGraph, dimension dim: Int, seed: UInt64) -> [Float] {
        let n = g.rowCount
        var degree = [Double](repeating: 0, count: n)
        for r in 0..<n { for e in g.rowStarts[r]..<g.rowStarts[r + 1] { degree[r] += Double(g.weights[e]) } }
        let invSqrt = degree.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
        if n <= 96 { return denseLayout(g, invSqrt: invSqrt, dimension: dim) }

        let block = 8 * ((dim + 3 + 7) / 8)
        let stride = 8 + block * (depth + 1)
        var solver = KrylovSolver(graph: g, invSqrt: invSqrt, block: block, stride: stride)
        // Column 0: the trivial eigenvector √deg / ‖√deg‖ (deflated by orthogonality).
        let norm = degree.reduce(0, +).squareRoot()
        for i in 0..<n { solver.basis[i * stride] = degree[i].squareRoot() / norm }
        let random = CounterRandom(seed: seed ^ 0x59EC)
        var start = [Double](repeating: 0, count: n * block)
        for j in 0..<block {
            for i in 0..<n {
                let u1 = max(Double(random.unitFloat(stream: UInt64(j), counter: UInt64(2 * i))), 1e-12)
                let u2 = Double(random.unitFloat(stream: UInt64(j), counter: UInt64(2 * i + 1)))
                start[i * block + j] = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            }
        }
        solver.orthonormalize(&start, againstColumns: 8)
        solver.setBlock(0, from: start)
        // Products read the compact n × block copy of the block (64 bytes per row, cache-sized
        // for 200,000 rows), not its strided columns inside the n × 72 basis.
        var image = solver.apply(start)
        var ritz = [Double](repeating: 0, count: n * dim)
        for _ in 0..<maximumRestarts {
            let m = block * (depth + 1)
            var h = [Double](repeating: 0, count: m * m)
            for level in 0...depth {
                let columns = 8 + block * (level + 1)
                // Vᵀ(M·V_level) against every column so far: column block `level` of H.
                let coefficients = solver.project(&image, againstColumns: columns)
                for c in 8..<columns { for j in 0..<block {
                    h[(c - 8) * m + level * block + j] = coefficients[c * block + j]
                } }
                if level == depth { break }
                solver.subtract(&image, coefficients: coefficients, columns: columns)
                solver.orthonormalize(&image, againstColumns: columns, projected: true)
                solver.setBlock(level + 1, from: image)
                image = solver.apply(image)
            }
            // Entry (p, q) was computed when p's block ≤ q's block; mirror it, averaging the
            // two computed copies inside a diagonal block.
            for p in 0..<m { for q in (p + 1)..<max(m, p + 1) {
                let value = p / block == q / block ? (h[p * m + q] + h[q * m + p]) / 2 : h[p * m + q]
                h[p * m + q] = value; h[q * m + p] = value
            } }
            let (values, vectors) = SymmetricEigen.decompose(h, size: m)
            let x = solver.combine(vectors, size: m, count: block)
            image = solver.apply(x)
            var worst = 0.0
            for j in 0..<min(dim, block) {
                var residual = 0.0
                for i in 0..<n { let r = image[i * block + j] - values[j] * x[i * block + j]; residual += r * r }
                worst = max(worst, residual.squareRoot())
            }
            for i in 0..<n { for j in 0..<min(dim, block) { ritz[i * dim + j] = x[i * block + j] } }
            if worst < tolerance { break }
            solver.clearBlocks()
            solver.setBlock(0, from: x)
        }
        return ritz.map { Float($0) }
    }

    /// Small graphs: the dense normalised adjacency, eigen-decomposed directly.
    static func denseLayout(_ g: FuzzyGraph, invSqrt: [Double], dimension dim: Int) -> [Float] {
        let n = g.rowCount
        var m = [Double](repeating: 0, count: n * n)
        for r in 0..<n { for e in g.rowStarts[r]..<g.rowStarts[r + 1] {
            let c = Int(g.columns[e]); m[r * n + c] += Double(g.weights[e]) * invSqrt[r] * invSqrt[c]
        } }
        let (_, vectors) = SymmetricEigen.decompose(m, size: n)
        var out = [Float](repeating: 0, count: n * dim)
        for i in 0..<n { for t in 0..<dim where t + 1 < n { out[i * dim + t] = Float(vectors[i * n + t + 1]) } }
        return out
    }
}

/// The row-major basis of ``SpectralLayout/connectedLayout(graph:dimension:seed:)`` and its
/// block operations. Blocks (`n × block`, row-major) are `[Double]`; every pass over the rows is
/// split into fixed chunks and partial sums are reduced in chunk order (deterministic).
struct KrylovSolver {
    let graph: FuzzyGraph
    let invSqrt: [Double]
    let block: Int
    let stride: Int
    let n: Int
    /// `n × stride`: column 0 the trivial vector, columns 1…7 zero, then the blocks.
    var basis: [Double]
    static let minimumChunk = 2048

    init(graph: FuzzyGraph, invSqrt: [Double], block: Int, stride: Int) {
        self.graph = graph; self.invSqrt = invSqrt; self.block = block; self.stride = stride
        n = graph.rowCount
        basis = [Double](repeating: 0, count: graph.rowCount * stride)
    }

    mutating func setBlock(_ level: Int, from x: [Double]) {
        let offset = 8 + level * block, block = block, stride = stride
        basis.withUnsafeMutableBufferPointer { b in
            for i in 0..<n { for j in 0..<block { b[i * stride + offset + j] = x[i * block + j] } }
        }
    }

    mutating func clearBlocks() {
        let stride = stride
        basis.withUnsafeMutableBufferPointer { b in
            for i in 0..<n { for c in 8..<stride { b[i * stride + c] = 0 } }
        }
    }

    /// `M·X` for an `n × block` row-major matrix.
    func apply(_ x: [Double]) -> [Double] {
        x.withUnsafeBufferPointer { multiply($0.baseAddress!) }
    }

    /// `y_r = ½ (x_r + d_r Σ_e w_e d_t x_t)`, 8 columns per SIMD register.
    private func multiply(_ source: UnsafePointer<Double>) -> [Double] {
        var out = [Double](repeating: 0, count: n * block)
        let block = block, n = n
        out.withUnsafeMutableBufferPointer { ob in
            graph.rowStarts.withUnsafeBufferPointer { sb in
                graph.columns.withUnsafeBufferPointer { cb in
                    graph.weights.withUnsafeBufferPointer { wb in
                        invSqrt.withUnsafeBufferPointer { db in
                            nonisolated(unsafe) let x = source, o = ob.baseAddress!, s = sb.baseAddress!,
                                c = cb.baseAddress!, w = wb.baseAddress!, d = db.baseAddress!
                            Parallel.forEachChunk(count: n, minimumChunk: KrylovSolver.minimumChunk) { _, range in
                                for r in range {
                                    var part = 0
                                    while part < block {
                                        var acc = SIMD8<Double>()
                                        for e in s[r]..<s[r + 1] {
                                            let t = Int(c[e])
                                            acc.addMul(Double(w[e]) * d[t], load8(x + t * block + part))
                                        }
                                        let own = load8(x + r * block + part)
                                        store8((own + d[r] * acc) * 0.5, o + r * block + part)
                                        part += 8
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// `C = V[:, 0..<columns]ᵀ · Y` (`columns × block`, row-major).
    func project(_ y: inout [Double], againstColumns columns: Int) -> [Double] {
        let block = block, stride = stride
        let parts: [[Double]] = basis.withUnsafeBufferPointer { b in
            y.withUnsafeBufferPointer { yb in
                nonisolated(unsafe) let v = b.baseAddress!, yy = yb.baseAddress!
                return Parallel.mapChunks(count: n, minimumChunk: KrylovSolver.minimumChunk) { range -> [Double] in
                    var c = [Double](repeating: 0, count: columns * block)
                    c.withUnsafeMutableBufferPointer { cb in
                        let cp = cb.baseAddress!
                        for i in range {
                            let row = v + i * stride
                            var part = 0
                            while part < block {
                                let yi = load8(yy + i * block + part)
                                for k in 0..<columns where row[k] != 0 {
                                    let target = cp + k * block + part
                                    store8(load8(target).addingMul(row[k], yi), target)
                                }
                                part += 8
                            }
                        }
                    }
                    return c
                }
            }
        }
        return KrylovSolver.sumInChunkOrder(parts)
    }

    /// `Y −= V[:, 0..<columns] · C`.
    func subtract(_ y: inout [Double], coefficients: [Double], columns: Int) {
        let block = block, stride = stride
        basis.withUnsafeBufferPointer { b in
            y.withUnsafeMutableBufferPointer { yb in
                coefficients.withUnsafeBufferPointer { cb in
                    nonisolated(unsafe) let v = b.baseAddress!, yy = yb.baseAddress!, cp = cb.baseAddress!
                    Parallel.forEachChunk(count: n, minimumChunk: KrylovSolver.minimumChunk) { _, range in
                        for i in range {
                            let row = v + i * stride
                            var part = 0
                            while part < block {
                                var acc = load8(yy + i * block + part)
                                for k in 0..<columns where row[k] != 0 {
                                    acc.addMul(-row[k], load8(cp + k * block + part))
                                }
                                store8(acc, yy + i * block + part)
                                part += 8
                            }
                        }
                    }
                }
            }
        }
    }

    /// Makes `y`'s columns orthonormal and orthogonal to `V[:, 0..<columns]`: twice (project,
    /// then SVQB). Directions with less than 1e-10 of the block's largest norm left after the
    /// projection are already in the basis and become zero columns.
    func orthonormalize(_ y: inout [Double], againstColumns columns: Int, projected: Bool = false) {
        for pass in 0..<2 {
            if pass > 0 || !projected {
                let c = project(&y, againstColumns: columns)
                subtract(&y, coefficients: c, columns: columns)
            }
            let gram = self.gram(y)
            let (values, vectors) = SymmetricEigen.decompose(gram, size: block)
            let largest = max(values.first ?? 0, 0)
            var transform = [Double](repeating: 0, count: block * block)
            for j in 0..<block where values[j] > 1e-20 * max(largest, 1e-300) && values[j] > 0 {
                let scale = 1 / values[j].squareRoot()
                for p in 0..<block { transform[p * block + j] = vectors[p * block + j] * scale }
            }
            y = times(y, transform)
        }
    }

    /// `Yᵀ Y` (`block × block`).
    private func gram(_ y: [Double]) -> [Double] {
        let block = block
        let parts: [[Double]] = y.withUnsafeBufferPointer { yb in
            nonisolated(unsafe) let yy = yb.baseAddress!
            return Parallel.mapChunks(count: n, minimumChunk: KrylovSolver.minimumChunk) { range -> [Double] in
                var g = [Double](repeating: 0, count: block * block)
                g.withUnsafeMutableBufferPointer { gb in
                    let gp = gb.baseAddress!
                    for i in range { for p in 0..<block {
                        let a = yy[i * block + p]
                        var part = 0
                        while part < block {
                            store8(load8(gp + p * block + part).addingMul(a, load8(yy + i * block + part)), gp + p * block + part)
                            part += 8
                        }
                    } }
                }
                return g
            }
        }
        return KrylovSolver.sumInChunkOrder(parts)
    }

    /// Element-wise sum of per-chunk partials, in chunk order (the same on any core count).
    private static func sumInChunkOrder(_ parts: [[Double]]) -> [Double] {
        var total = [Double](repeating: 0, count: parts.first?.count ?? 0)
        for p in parts { for i in total.indices { total[i] += p[i] } }
        return total
    }

    /// `Y · T` for a `block × block` row-major `T`.
    private func times(_ y: [Double], _ t: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: y.count)
        let block = block
        out.withUnsafeMutableBufferPointer { ob in
            y.withUnsafeBufferPointer { yb in
                t.withUnsafeBufferPointer { tb in
                    nonisolated(unsafe) let o = ob.baseAddress!, yy = yb.baseAddress!, tt = tb.baseAddress!
                    Parallel.forEachChunk(count: n, minimumChunk: KrylovSolver.minimumChunk) { _, range in
                        for i in range { for p in 0..<block {
                            let a = yy[i * block + p]
                            if a == 0 { continue }
                            var part = 0
                            while part < block {
                                let target = o + i * block + part
                                store8(load8(target).addingMul(a, load8(tt + p * block + part)), target)
                                part += 8
                            }
                        } }
                    }
                }
            }
        }
        return out
    }

    /// `X = V_blocks · S[:, 0..<count]` for the `size × size` eigenvector matrix `S` (column j =
    /// vector j) of the Rayleigh quotient over the block columns.
    func combine(_ s: [Double], size m: Int, count: Int) -> [Double] {
        var out = [Double](repeating: 0, count: n * block)
        let block = block, stride = stride
        precondition(count == block)
        var rows = [Double](repeating: 0, count: m * block)
        for k in 0..<m { for j in 0..<count { rows[k * block + j] = s[k * m + j] } }
        out.withUnsafeMutableBufferPointer { ob in
            basis.withUnsafeBufferPointer { b in
                rows.withUnsafeBufferPointer { rb in
                    nonisolated(unsafe) let o = ob.baseAddress!, v = b.baseAddress!, sp = rb.baseAddress!
                    Parallel.forEachChunk(count: n, minimumChunk: KrylovSolver.minimumChunk) { _, range in
                        for i in range {
                            let row = v + i * stride + 8
                            var part = 0
                            while part < block {
                                var acc = SIMD8<Double>()
                                for k in 0..<m where row[k] != 0 { acc.addMul(row[k], load8(sp + k * block + part)) }
                                store8(acc, o + i * block + part)
                                part += 8
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}

@inline(__always) private func load8(_ p: UnsafePointer<Double>) -> SIMD8<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
}

@inline(__always) private func load8(_ p: UnsafeMutablePointer<Double>) -> SIMD8<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
}

@inline(__always) private func store8(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self)
}
