import StrataCore

extension PCA {
    /// sklearn's `_fit_truncated` with `randomized_svd` on the implicitly centred data A = X − 1μᵀ.
    func fitRandomized(_ data: Matrix, componentCount k: Int, featureNames: [String]) throws(StrataError) -> Model {
        let n = data.rows, d = data.columns
        let operators = CenteredOperator(data: data)
        let sketch = Swift.min(k + oversampleCount, Swift.min(n, d))
        let iterations = powerIterationCount ?? (Double(k) < 0.1 * Double(Swift.min(n, d)) ? 7 : 4)
        let transposed = n < d
        var generator = SeededGenerator(seed: seed)
        // Range finder on M = A (or Aᵀ when wide): Q ← qr(M Q), Q ← qr(Mᵀ Q), …
        let inner = transposed ? n : d   // columns of M
        let outer = transposed ? d : n   // rows of M
        var q = (0..<(inner * sketch)).map { _ in generator.nextGaussian() }
        func applyM(_ x: [Double]) -> [Double] { transposed ? operators.transposeTimes(x, columns: sketch) : operators.times(x, columns: sketch) }
        func applyMT(_ x: [Double]) -> [Double] { transposed ? operators.times(x, columns: sketch) : operators.transposeTimes(x, columns: sketch) }
        for _ in 0..<iterations {
            q = applyM(q); ThinQR.orthonormalize(&q, rowCount: outer, columnCount: sketch)
            q = applyMT(q); ThinQR.orthonormalize(&q, rowCount: inner, columnCount: sketch)
        }
        q = applyM(q); ThinQR.orthonormalize(&q, rowCount: outer, columnCount: sketch)
        // B = Qᵀ M is sketch × inner; its transpose P = Mᵀ Q (inner × sketch) is what we form.
        let p = applyMT(q)
        // SVD of B through its small Gram matrix B Bᵀ = Pᵀ P = Û S² Ûᵀ.
        var gram = [Double](repeating: 0, count: sketch * sketch)
        for a in 0..<sketch {
            for b in a..<sketch {
                var s = 0.0
                for t in 0..<inner { s += p[a * inner + t] * p[b * inner + t] }
                gram[a * sketch + b] = s; gram[b * sketch + a] = s
            }
        }
        let eigen = try SymmetricEigen(symmetric: gram, dimension: sketch)
        var singular = [Double]()
        var components = [[Double]]()
        for j in 0..<k {
            let s = Swift.max(eigen.values[j], 0).squareRoot()
            singular.append(s)
            let u = eigen.vectors[j]
            var v = [Double](repeating: 0, count: d)
            if transposed {
                // Right singular vectors of A are the left ones of M = Aᵀ: Q Û.
                for t in 0..<sketch where u[t] != 0 { for f in 0..<d { v[f] += q[t * d + f] * u[t] } }
            } else {
                // Vᵀ = S⁻¹ Ûᵀ B, i.e. v = P û / s.
                for t in 0..<sketch where u[t] != 0 { for f in 0..<d { v[f] += p[t * d + f] * u[t] } }
                if s > 0 { for f in 0..<d { v[f] /= s } }
            }
            PCA.flipSign(&v)
            components.append(v)
        }
        let variances = singular.map { $0 * $0 / Double(n - 1) }
        let total = operators.totalVariance
        let explained = variances.reduce(0, +)
        let rank = Swift.min(n, d)
        let noise = k < rank ? (total - explained) / Double(rank - k) : 0
        return Model(mean: operators.mean, components: components, explainedVariance: variances,
                     explainedVarianceRatio: variances.map { total > 0 ? $0 / total : 0 },
                     singularValues: singular, noiseVariance: noise, sampleCount: n,
                     featureNames: featureNames, whiten: whiten, solver: .randomized)
    }
}

/// Products with the centred matrix A = X − 1μᵀ without forming it; column-major Double blocks.
struct CenteredOperator: Sendable {
    let data: Matrix
    let mean: [Double]
    /// Σ_f var(x_f) with ddof = 1.
    let totalVariance: Double

    init(data: Matrix) {
        self.data = data
        let n = data.rows, d = data.columns
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for f in 0..<d { mean[f] += Double(data.storage[i * d + f]) } }
        for f in 0..<d { mean[f] /= Double(n) }
        var total = 0.0
        for i in 0..<n { for f in 0..<d { let e = Double(data.storage[i * d + f]) - mean[f]; total += e * e } }
        self.mean = mean
        self.totalVariance = total / Double(n - 1)
    }

    /// A W for W (d × l, column-major) → n × l column-major.
    func times(_ w: [Double], columns l: Int) -> [Double] {
        let n = data.rows, d = data.columns
        var out = [Double](repeating: 0, count: n * l)
        let offsets = (0..<l).map { j in (0..<d).reduce(0.0) { $0 + mean[$1] * w[j * d + $1] } }
        data.storage.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                let xb = SendablePointer(UnsafeMutablePointer(mutating: x.baseAddress!))
                let ob = SendablePointer(o.baseAddress!)
                Parallel.forEachChunk(count: n, minimumChunk: 2048) { _, range in
                    var row = [Double](repeating: 0, count: d)
                    for i in range {
                        for f in 0..<d { row[f] = Double(xb[i * d + f]) }
                        for j in 0..<l {
                            var s = 0.0
                            for f in 0..<d { s += row[f] * w[j * d + f] }
                            ob[j * n + i] = s - offsets[j]
                        }
                    }
                }
            }
        }
        return out
    }

    /// Aᵀ Q for Q (n × l, column-major) → d × l column-major.
    func transposeTimes(_ q: [Double], columns l: Int) -> [Double] {
        let n = data.rows, d = data.columns
        let parts: [[Double]] = data.storage.withUnsafeBufferPointer { x in
            let xb = SendablePointer(UnsafeMutablePointer(mutating: x.baseAddress!))
            return Parallel.mapChunks(count: n, minimumChunk: 2048) { range -> [Double] in
                var acc = [Double](repeating: 0, count: d * l + l)
                for i in range {
                    for j in 0..<l {
                        let weight = q[j * n + i]
                        acc[d * l + j] += weight
                        for f in 0..<d { acc[j * d + f] += Double(xb[i * d + f]) * weight }
                    }
                }
                return acc
            }
        }
        var out = [Double](repeating: 0, count: d * l)
        var columnSums = [Double](repeating: 0, count: l)
        for part in parts {
            for i in 0..<(d * l) { out[i] += part[i] }
            for j in 0..<l { columnSums[j] += part[d * l + j] }
        }
        for j in 0..<l { for f in 0..<d { out[j * d + f] -= mean[f] * columnSums[j] } }
        return out
    }
}
