import Foundation

/// The low-dimensional similarity curve `1 / (1 + a·d^(2b))` and its fit to the offset
/// exponential `min_dist`/`spread` target (umap-learn's `find_ab_params`).
///
/// ```swift
/// let (a, b) = UMAPCurve.fit(spread: 1, minimumDistance: 0.1)   // ≈ (1.577, 0.895)
/// ```
/// The fit is a Levenberg–Marquardt least-squares solve on the same 300 points
/// `linspace(0, 3·spread, 300)` that umap-learn hands to `scipy.optimize.curve_fit`, starting
/// from (1, 1) as curve_fit does. Cost: microseconds.
public enum UMAPCurve {
    /// The fitted `(a, b)` for a spread and minimum distance.
    public static func fit(spread: Double, minimumDistance: Double) -> (a: Double, b: Double) {
        let count = 300
        var xs = [Double](repeating: 0, count: count), ys = xs
        for i in 0..<count {
            let x = spread * 3 * Double(i) / Double(count - 1)
            xs[i] = x
            ys[i] = x < minimumDistance ? 1 : exp(-(x - minimumDistance) / spread)
        }
        func residuals(_ a: Double, _ b: Double) -> Double {
            var s = 0.0
            for i in 0..<count {
                let r = 1 / (1 + a * pow(xs[i], 2 * b)) - ys[i]
                s += r * r
            }
            return s
        }
        var a = 1.0, b = 1.0, lambda = 1e-3
        var cost = residuals(a, b)
        for _ in 0..<500 {
            // Normal equations JᵀJ δ = −Jᵀr with Marquardt's diagonal scaling.
            var jaa = 0.0, jab = 0.0, jbb = 0.0, ga = 0.0, gb = 0.0
            for i in 0..<count {
                let x = xs[i]
                let p = x > 0 ? pow(x, 2 * b) : 0
                let den = 1 + a * p
                let f = 1 / den
                let r = f - ys[i]
                let da = -p / (den * den)
                let db = x > 0 ? -a * p * 2 * log(x) / (den * den) : 0
                jaa += da * da; jab += da * db; jbb += db * db
                ga += da * r; gb += db * r
            }
            var improved = false
            for _ in 0..<30 {
                let m11 = jaa * (1 + lambda), m22 = jbb * (1 + lambda), m12 = jab
                let det = m11 * m22 - m12 * m12
                if det == 0 || !det.isFinite { lambda *= 10; continue }
                let stepA = -(m22 * ga - m12 * gb) / det
                let stepB = -(m11 * gb - m12 * ga) / det
                let na = a + stepA, nb = b + stepB
                let nc = residuals(na, nb)
                if nc.isFinite && nc < cost {
                    let relative = (cost - nc) / max(cost, 1e-300)
                    a = na; b = nb; cost = nc; lambda = max(lambda / 10, 1e-12); improved = true
                    if relative < 1e-15 { return (a, b) }
                    break
                }
                lambda *= 10
            }
            if !improved { break }
        }
        return (a, b)
    }
}
