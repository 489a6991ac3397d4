import Foundation

/// The standard normal restricted to an interval [a, b]: its log probability mass, log density and
/// inverse-CDF draws, accurate far into the tails (the Parzen kernels of ``TPESampler`` are
/// evaluated many bandwidths away from their centres).
enum TruncatedNormal {
    static let logSqrtTwoPi = 0.5 * Foundation.log(2 * Double.pi)

    /// Φ(z), the standard normal CDF, through erfc so small tail values keep their precision.
    static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// log Φ(z). Below z = −20 Φ underflows long before its logarithm does, so the tail uses the
    /// asymptotic series Φ(z) ≈ φ(z)/(−z) · (1 − 1/z² + 3/z⁴ − 15/z⁶ + …).
    static func logCDF(_ z: Double) -> Double {
        if z > 6 { return -cdf(-z) }              // log(1 − ε) ≈ −ε, ε < 1e-9
        if z > -20 { return Foundation.log(cdf(z)) }
        let inverseSquare = 1 / (z * z)
        var term = 1.0, sum = 1.0
        for k in 1...12 {
            term *= -Double(2 * k - 1) * inverseSquare
            sum += term
            if abs(term) < 1e-17 { break }
        }
        return -0.5 * z * z - Foundation.log(-z) - logSqrtTwoPi + Foundation.log(sum)
    }

    /// log(Φ(b) − Φ(a)) for a ≤ b, computed on the side of zero where it is accurate.
    static func logMass(_ a: Double, _ b: Double) -> Double {
        if b <= 0 { return logDifference(logCDF(b), logCDF(a)) }
        if a > 0 { return logDifference(logCDF(-a), logCDF(-b)) }
        return log1p(-cdf(a) - cdf(-b))
    }

    /// log(eᵖ − e^q) for p ≥ q.
    static func logDifference(_ p: Double, _ q: Double) -> Double {
        if q == -.infinity { return p }
        if p <= q { return -.infinity }
        return p + log1p(-exp(q - p))
    }

    /// log(eᵖ + e^q).
    static func logSum(_ p: Double, _ q: Double) -> Double {
        let m = max(p, q)
        if m == -.infinity { return m }
        return m + Foundation.log(exp(p - m) + exp(q - m))
    }

    /// The x with log Φ(x) = `logP` (logP < 0): a rational first guess (Abramowitz & Stegun
    /// 26.2.23, error < 5e-4) refined by Newton steps on log Φ, which converge in the tails too.
    static func inverseLogCDF(_ logP: Double) -> Double {
        if logP >= 0 { return .infinity }
        if logP == -.infinity { return -.infinity }
        if logP > -Double.ulpOfOne { return .infinity }
        // Above the median work with the upper tail, 1 − p, for precision.
        let upper = logP > -Foundation.log(2.0)
        let tail = upper ? Foundation.log(-expm1(logP)) : logP
        let t = (-2 * tail).squareRoot()
        var x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t))
        for _ in 0..<50 {
            let logPhi = logCDF(x)
            let logDensity = -0.5 * x * x - logSqrtTwoPi
            let step = (logPhi - tail) * exp(logPhi - logDensity)
            x -= step
            if abs(step) <= 1e-12 * max(1, abs(x)) { break }
        }
        return upper ? -x : x
    }

    /// The point at quantile `u` ∈ [0, 1) of the standard normal truncated to [a, b] (a < b).
    static func quantile(_ u: Double, _ a: Double, _ b: Double) -> Double {
        let mass = logMass(a, b)
        let x: Double
        if a < 0 {
            x = inverseLogCDF(logSum(logCDF(a), Foundation.log(u) + mass))
        } else {
            // Mirror to the lower tail, where log Φ keeps its precision.
            x = -inverseLogCDF(logSum(logCDF(-b), log1p(-u) + mass))
        }
        return min(max(x, a), b)
    }
}
