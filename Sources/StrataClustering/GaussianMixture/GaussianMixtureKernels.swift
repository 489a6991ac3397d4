import StrataCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The E-step and M-step loops of ``GaussianMixture``, in `Double`, over fixed parallel chunks.
enum GaussianMixtureKernels {
    static let logTwoPi = log(2 * Double.pi)

    /// Sums one E-step pass produces for the M-step.
    struct Expectation: Sendable {
        var logLikelihoodSum: Double
        var responsibilitySums: [Double]   // k
        var weightedRowSums: [Double]      // k × d
    }

    /// Log N(x | μ_c, Σ_c) + log w_c for every component of one row (sklearn's
    /// `_estimate_weighted_log_prob`), using the precision Cholesky factor U: ‖(x − μ)ᵀ U‖².
    @inline(__always)
    static func weightedLogProbabilities(_ x: UnsafePointer<Float>, type: GaussianMixture.CovarianceType, k: Int, d: Int,
                                         means: UnsafePointer<Double>, factors: UnsafePointer<Double>,
                                         constants: UnsafePointer<Double>, diff: UnsafeMutablePointer<Double>,
                                         out: UnsafeMutablePointer<Double>) {
        for c in 0..<k {
            let mu = means + c &* d
            for j in 0..<d { diff[j] = Double(x[j]) - mu[j] }
            var mahalanobis = 0.0
            switch type {
            case .full, .tied:
                let u = factors + (type == .full ? c &* d &* d : 0)
                for j in 0..<d {
                    var y = 0.0
                    for l in 0...j { y += diff[l] * u[l &* d &+ j] }
                    mahalanobis += y * y
                }
            case .diagonal:
                let p = factors + c &* d
                for j in 0..<d { let y = diff[j] * p[j]; mahalanobis += y * y }
            case .spherical:
                var s = 0.0
                for j in 0..<d { s += diff[j] * diff[j] }
                mahalanobis = s * factors[c] * factors[c]
            }
            // constants[c] = log w_c + log det(U_c) − d/2 · log 2π
            out[c] = constants[c] - 0.5 * mahalanobis
        }
    }

    /// log-sum-exp of `k` values, stable for very negative inputs.
    @inline(__always)
    static func logSumExp(_ v: UnsafePointer<Double>, _ k: Int) -> Double {
        var m = -Double.infinity
        for c in 0..<k where v[c] > m { m = v[c] }
        if !m.isFinite { return m }
        var s = 0.0
        for c in 0..<k { s += exp(v[c] - m) }
        return m + log(s)
    }

    static func constants(_ p: GaussianParameters) -> [Double] {
        (0..<p.componentCount).map { log(p.weights[$0]) + p.logDeterminants[$0] - 0.5 * Double(p.columns) * logTwoPi }
    }

    /// One E-step over all rows: per-row log-likelihoods (optional), responsibilities (optional,
    /// n × k) and, when `accumulate`, the first-moment sums the M-step needs.
    static func expectation(_ data: Matrix, _ p: GaussianParameters,
                            responsibilities: SendablePointer<Double>?, logLikelihoods: SendablePointer<Double>?,
                            accumulate: Bool) -> Expectation {
        let k = p.componentCount, d = p.columns, type = p.type
        let consts = constants(p)
        let partials: [Expectation] = data.storage.withUnsafeBufferPointer { x in
            p.means.withUnsafeBufferPointer { m in
                p.precisionsCholesky.withUnsafeBufferPointer { f in
                    consts.withUnsafeBufferPointer { cs in
                        nonisolated(unsafe) let xp = x.baseAddress!, mp = m.baseAddress!, fp = f.baseAddress!, cp = cs.baseAddress!
                        return Parallel.mapChunks(count: data.rows, minimumChunk: 2048) { range in
                            var part = Expectation(logLikelihoodSum: 0,
                                                   responsibilitySums: [Double](repeating: 0, count: accumulate ? k : 0),
                                                   weightedRowSums: [Double](repeating: 0, count: accumulate ? k * d : 0))
                            let diff = UnsafeMutablePointer<Double>.allocate(capacity: d)
                            let w = UnsafeMutablePointer<Double>.allocate(capacity: k)
                            defer { diff.deallocate(); w.deallocate() }
                            for i in range {
                                let row = xp + i &* d
                                weightedLogProbabilities(row, type: type, k: k, d: d, means: mp, factors: fp, constants: cp, diff: diff, out: w)
                                let lse = logSumExp(w, k)
                                part.logLikelihoodSum += lse
                                logLikelihoods?[i] = lse
                                if responsibilities != nil || accumulate {
                                    for c in 0..<k {
                                        let r = exp(w[c] - lse)
                                        responsibilities?[i &* k &+ c] = r
                                        if accumulate {
                                            part.responsibilitySums[c] += r
                                            for j in 0..<d { part.weightedRowSums[c &* d &+ j] += r * Double(row[j]) }
                                        }
                                    }
                                }
                            }
                            return part
                        }
                    }
                }
            }
        }
        var total = Expectation(logLikelihoodSum: 0, responsibilitySums: [Double](repeating: 0, count: k),
                                weightedRowSums: [Double](repeating: 0, count: k * d))
        for part in partials {
            total.logLikelihoodSum += part.logLikelihoodSum
            if accumulate {
                for c in 0..<k { total.responsibilitySums[c] += part.responsibilitySums[c] }
                for t in 0..<(k * d) { total.weightedRowSums[t] += part.weightedRowSums[t] }
            }
        }
        return total
    }

    /// sklearn's `_estimate_gaussian_covariances_{full,tied,diag,spherical}` from responsibilities
    /// (n × k) and the new means, centred on each mean for accuracy, plus `regularization` on the
    /// diagonal.
    static func covariances(_ data: Matrix, responsibilities: [Double], means: [Double], counts: [Double],
                            type: GaussianMixture.CovarianceType, regularization: Double) -> [Double] {
        let k = counts.count, d = data.columns
        let size: Int
        switch type {
        case .full: size = k * d * d
        case .tied: size = d * d
        case .diagonal, .spherical: size = k * d
        }
        let partials: [[Double]] = data.storage.withUnsafeBufferPointer { x in
            responsibilities.withUnsafeBufferPointer { r in
                means.withUnsafeBufferPointer { m in
                    nonisolated(unsafe) let xp = x.baseAddress!, rp = r.baseAddress!, mp = m.baseAddress!
                    return Parallel.mapChunks(count: data.rows, minimumChunk: 2048) { range in
                        var acc = [Double](repeating: 0, count: size)
                        var diff = [Double](repeating: 0, count: d)
                        acc.withUnsafeMutableBufferPointer { a in
                            diff.withUnsafeMutableBufferPointer { df in
                                let ap = a.baseAddress!, dp = df.baseAddress!
                                for i in range {
                                    let row = xp + i &* d
                                    for c in 0..<k {
                                        let resp = rp[i &* k &+ c]
                                        let mu = mp + c &* d
                                        for j in 0..<d { dp[j] = Double(row[j]) - mu[j] }
                                        switch type {
                                        case .full, .tied:
                                            let block = ap + (type == .full ? c &* d &* d : 0)
                                            for a in 0..<d {
                                                let ra = resp * dp[a]
                                                let line = block + a &* d
                                                for b in 0...a { line[b] += ra * dp[b] }
                                            }
                                        case .diagonal, .spherical:
                                            let line = ap + c &* d
                                            for j in 0..<d { line[j] += resp * dp[j] * dp[j] }
                                        }
                                    }
                                }
                            }
                        }
                        return acc
                    }
                }
            }
        }
        var total = [Double](repeating: 0, count: size)
        for part in partials { for t in 0..<size { total[t] += part[t] } }
        switch type {
        case .full, .tied:
            let blocks = type == .full ? k : 1
            let totalCount = counts.reduce(0, +)
            for b in 0..<blocks {
                let base = b * d * d
                let scale = type == .full ? counts[b] : totalCount
                for a in 0..<d {
                    for c in 0...a {
                        let v = total[base + a * d + c] / scale
                        total[base + a * d + c] = v
                        total[base + c * d + a] = v
                    }
                    total[base + a * d + a] += regularization
                }
            }
            return total
        case .diagonal, .spherical:
            for c in 0..<k { for j in 0..<d { total[c * d + j] = total[c * d + j] / counts[c] + regularization } }
            if type == .diagonal { return total }
            return (0..<k).map { c in (0..<d).reduce(0.0) { $0 + total[c * d + $1] } / Double(d) }
        }
    }
}
