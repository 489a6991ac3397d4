import Foundation
import StrataCore

extension SpectralLayout {
    /// Residual norm `‖A·x − λ·x‖` (unit `x`) at which the Ritz vectors are accepted. ARPACK in
    /// umap-learn runs at tol 1e-4 on the eigenvalue; the layout is only the SGD's starting
    /// point, and on clustered data (nearly equal eigenvalues) 1e-4 took 12–18 restarts per
    /// component where 1e-3 takes 4–7 and leaves the final embedding's quality unchanged.
    static let tolerance = 1e-3
    /// Restart cap: a stalled solve returns its best Ritz basis (the SGD then does the rest).
    static let maximumRestarts = 20

    /// The spectral layout of a connected graph: `n × dim`, unit-norm columns.
    static func connectedLayout(graph g: FuzzyGraph, dimension dim: Int, seed: UInt64) -> [Float] {
        let n = g.rowCount
        var degree = [Double](repeating: 0, count: n)
        for r in 0..<n { for e in g.rowStarts[r]..<g.rowStarts[r + 1] { degree[r] += Double(g.weights[e]) } }
        let invSqrt = degree.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
        var trivial = degree.map { $0.squareRoot() }
        let tnorm = trivial.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for i in 0..<n { trivial[i] /= tnorm }

        if n <= 96 { return denseLayout(g, invSqrt: invSqrt, dimension: dim) }

        let block = dim + 3, depth = 6
        let width = block * (depth + 1)
        // Basis V (n × width) column-major in Double: columns are contiguous for dots/axpys.
        var basis = [Double](repeating: 0, count: n * width)
        var image = [Double](repeating: 0, count: n * width)
        let random = CounterRandom(seed: seed ^ 0x59EC)
        var x = [Double](repeating: 0, count: n * block)
        for j in 0..<block {
            for i in 0..<n {
                let u1 = max(Double(random.unitFloat(stream: UInt64(j), counter: UInt64(2 * i))), 1e-12)
                let u2 = Double(random.unitFloat(stream: UInt64(j), counter: UInt64(2 * i + 1)))
                x[j * n + i] = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            }
        }
        var ritz = [Double](repeating: 0, count: n * dim)
        for _ in 0..<SpectralLayout.maximumRestarts {
            var used = 0
            // Block 0 = current X; each further block = operator(previous block).
            var pending = x
            for level in 0...depth {
                for j in 0..<block {
                    var v = Array(pending[(j * n)..<((j + 1) * n)])
                    project(&v, trivial)
                    for _ in 0..<2 { for c in 0..<used { orthogonalize(&v, against: basis, column: c, n: n) } }
                    let norm = dotProduct(v, 0, v, 0, n).squareRoot()
                    if norm < 1e-10 { continue }
                    for i in 0..<n { basis[used * n + i] = v[i] / norm }
                    used += 1
                }
                if level == depth { break }
                let start = used - min(used, block)
                var next = [Double](repeating: 0, count: n * block)
                for (slot, c) in (start..<used).enumerated() {
                    apply(g, invSqrt: invSqrt, input: basis, inputOffset: c * n, output: &next, outputOffset: slot * n)
                }
                pending = next
            }
            for c in 0..<used { apply(g, invSqrt: invSqrt, input: basis, inputOffset: c * n, output: &image, outputOffset: c * n) }
            var h = [Double](repeating: 0, count: used * used)
            for p in 0..<used { for q in p..<used {
                let v = dotProduct(basis, p * n, image, q * n, n)
                h[p * used + q] = v; h[q * used + p] = v
            } }
            for p in 0..<used { for q in (p + 1)..<max(used, p + 1) {
                let s = (h[p * used + q] + h[q * used + p]) / 2; h[p * used + q] = s; h[q * used + p] = s
            } }
            let (values, vectors) = SymmetricEigen.decompose(h, size: used)
            let keep = min(block, used)
            var worst = 0.0
            x = [Double](repeating: 0, count: n * block)
            // Ritz vectors X = V·Y and their images A·X = (A·V)·Y, column by column (contiguous axpys).
            var ax = [Double](repeating: 0, count: n)
            for j in 0..<keep {
                for i in 0..<n { ax[i] = 0 }
                x.withUnsafeMutableBufferPointer { xb in
                    ax.withUnsafeMutableBufferPointer { ab in
                        basis.withUnsafeBufferPointer { vb in
                            image.withUnsafeBufferPointer { ib in
                                let xj = xb.baseAddress! + j * n, axp = ab.baseAddress!
                                for c in 0..<used {
                                    let y = vectors[c * used + j]
                                    let v = vb.baseAddress! + c * n, w = ib.baseAddress! + c * n
                                    for i in 0..<n { xj[i] += y * v[i]; axp[i] += y * w[i] }
                                }
                            }
                        }
                    }
                }
                var res = 0.0
                for i in 0..<n { let r = ax[i] - values[j] * x[j * n + i]; res += r * r }
                if j < dim { worst = max(worst, res.squareRoot()) }
            }
            for j in 0..<min(dim, keep) { for i in 0..<n { ritz[i * dim + j] = x[j * n + i] } }
            if worst < SpectralLayout.tolerance { break }
        }
        return ritz.map { Float($0) }
    }

    /// `y = ½ (x + D^{-1/2} W D^{-1/2} x)`, rows in parallel (each row writes only itself).
    static func apply(_ g: FuzzyGraph, invSqrt: [Double], input: [Double], inputOffset: Int,
                      output: inout [Double], outputOffset: Int) {
        let n = g.rowCount
        output.withUnsafeMutableBufferPointer { ob in
            let out = SendablePointer(ob.baseAddress! + outputOffset)
            input.withUnsafeBufferPointer { ib in
                g.rowStarts.withUnsafeBufferPointer { sb in
                    g.columns.withUnsafeBufferPointer { cb in
                        g.weights.withUnsafeBufferPointer { wb in
                            invSqrt.withUnsafeBufferPointer { db in
                                nonisolated(unsafe) let x = ib.baseAddress! + inputOffset, s = sb.baseAddress!,
                                    c = cb.baseAddress!, w = wb.baseAddress!, d = db.baseAddress!
                                Parallel.forEachChunk(count: n, minimumChunk: 4096) { _, range in
                                    for r in range {
                                        var acc = 0.0
                                        for e in s[r]..<s[r + 1] { let t = Int(c[e]); acc += Double(w[e]) * d[t] * x[t] }
                                        out[r] = 0.5 * (x[r] + d[r] * acc)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func dotProduct(_ a: [Double], _ ao: Int, _ b: [Double], _ bo: Int, _ n: Int) -> Double {
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                var i = 0
                let x = ap.baseAddress! + ao, y = bp.baseAddress! + bo
                while i + 4 <= n { s0 += x[i] * y[i]; s1 += x[i+1] * y[i+1]; s2 += x[i+2] * y[i+2]; s3 += x[i+3] * y[i+3]; i += 4 }
                while i < n { s0 += x[i] * y[i]; i += 1 }
                return (s0 + s1) + (s2 + s3)
            }
        }
    }

    static func project(_ v: inout [Double], _ u: [Double]) {
        let s = dotProduct(v, 0, u, 0, v.count)
        for i in v.indices { v[i] -= s * u[i] }
    }

    static func orthogonalize(_ v: inout [Double], against basis: [Double], column c: Int, n: Int) {
        let s = dotProduct(v, 0, basis, c * n, n)
        basis.withUnsafeBufferPointer { bp in
            let b = bp.baseAddress! + c * n
            for i in 0..<n { v[i] -= s * b[i] }
        }
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
