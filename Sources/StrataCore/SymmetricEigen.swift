import Foundation

/// Eigendecomposition of a real symmetric matrix, `A = V Λ Vᵀ`, in `Double`.
///
/// Householder reduction to tridiagonal form followed by the implicit QL algorithm with Wilkinson
/// shifts (the EISPACK `tred2`/`tql2` pair described in Wilkinson & Reinsch, *Handbook for
/// Automatic Computation* vol. II, 1971; also Golub & Van Loan §8.3). Used by PCA for the
/// covariance matrix and by the randomized SVD for its small Gram matrix.
///
/// ```swift
/// let eigen = try SymmetricEigen(symmetric: [2, 1, 1, 2], dimension: 2)
/// eigen.values      // [3, 1] (descending)
/// eigen.vectors[0]  // ±[0.7071, 0.7071]
/// ```
///
/// Complexity: O(n³) time (≈ 4/3 n³ for the reduction, ≈ 3 n³ for the QL sweeps with vectors),
/// O(n²) memory. Meant for the small dense matrices of PCA (n up to a few thousand).
public struct SymmetricEigen: Sendable, Hashable {
    /// Eigenvalues in descending order.
    public let values: [Double]
    /// Unit eigenvectors, `vectors[j]` belonging to `values[j]`. Their signs are whatever the
    /// algorithm produced; callers that need a sign convention (PCA's `svd_flip`) apply it.
    public let vectors: [[Double]]

    /// Decomposes the `dimension × dimension` row-major symmetric matrix `symmetric`.
    ///
    /// Only symmetry up to rounding is assumed; the lower triangle is read.
    public init(symmetric: [Double], dimension n: Int) throws(StrataError) {
        guard n >= 0, symmetric.count == n * n else {
            throw .dimensionMismatch("a \(n)×\(n) symmetric matrix needs \(n * n) values, got \(symmetric.count)")
        }
        if let bad = symmetric.firstIndex(where: { !$0.isFinite }) {
            throw .nonFinite(row: bad / Swift.max(n, 1), column: bad % Swift.max(n, 1))
        }
        if n == 0 { values = []; vectors = []; return }
        var v = symmetric
        var d = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: n)
        Self.tridiagonalize(&v, &d, &e, n)
        try Self.implicitQL(&v, &d, &e, n)
        // Eigenvectors are the columns of v; order them by descending eigenvalue.
        let order = (0..<n).sorted { d[$0] > d[$1] || (d[$0] == d[$1] && $0 < $1) }
        values = order.map { d[$0] }
        vectors = order.map { j in (0..<n).map { v[$0 * n + j] } }
    }

    /// Householder reduction of `v` (row-major, overwritten by the accumulated transformation)
    /// to a tridiagonal matrix with diagonal `d` and subdiagonal `e[1...]`.
    private static func tridiagonalize(_ v: inout [Double], _ d: inout [Double], _ e: inout [Double], _ n: Int) {
        for j in 0..<n { d[j] = v[(n - 1) * n + j] }
        var i = n - 1
        while i > 0 {
            var scale = 0.0, h = 0.0
            for k in 0..<i { scale += abs(d[k]) }
            if scale == 0 {
                e[i] = d[i - 1]
                for j in 0..<i {
                    d[j] = v[(i - 1) * n + j]
                    v[i * n + j] = 0
                    v[j * n + i] = 0
                }
            } else {
                // Scaling avoids under/overflow in the Householder vector's norm.
                for k in 0..<i { d[k] /= scale; h += d[k] * d[k] }
                var f = d[i - 1]
                var g = h.squareRoot()
                if f > 0 { g = -g }
                e[i] = scale * g
                h -= f * g
                d[i - 1] = f - g
                for j in 0..<i { e[j] = 0 }
                for j in 0..<i {
                    f = d[j]
                    v[j * n + i] = f
                    g = e[j] + v[j * n + j] * f
                    if j + 1 <= i - 1 {
                        for k in (j + 1)...(i - 1) {
                            g += v[k * n + j] * d[k]
                            e[k] += v[k * n + j] * f
                        }
                    }
                    e[j] = g
                }
                f = 0
                for j in 0..<i { e[j] /= h; f += e[j] * d[j] }
                let hh = f / (h + h)
                for j in 0..<i { e[j] -= hh * d[j] }
                for j in 0..<i {
                    f = d[j]; g = e[j]
                    for k in j...(i - 1) { v[k * n + j] -= (f * e[k] + g * d[k]) }
                    d[j] = v[(i - 1) * n + j]
                    v[i * n + j] = 0
                }
            }
            d[i] = h
            i -= 1
        }
        // Accumulate the Householder reflections into v.
        for i in 0..<(n - 1) {
            v[(n - 1) * n + i] = v[i * n + i]
            v[i * n + i] = 1
            let h = d[i + 1]
            if h != 0 {
                for k in 0...i { d[k] = v[k * n + i + 1] / h }
                for j in 0...i {
                    var g = 0.0
                    for k in 0...i { g += v[k * n + i + 1] * v[k * n + j] }
                    for k in 0...i { v[k * n + j] -= g * d[k] }
                }
            }
            for k in 0...i { v[k * n + i + 1] = 0 }
        }
        for j in 0..<n { d[j] = v[(n - 1) * n + j]; v[(n - 1) * n + j] = 0 }
        v[(n - 1) * n + (n - 1)] = 1
        e[0] = 0
    }

    /// Implicit QL iterations on the tridiagonal (d, e), rotating the columns of v along.
    private static func implicitQL(_ v: inout [Double], _ d: inout [Double], _ e: inout [Double], _ n: Int) throws(StrataError) {
        for i in 1..<n { e[i - 1] = e[i] }
        e[n - 1] = 0
        var f = 0.0, tst1 = 0.0
        let eps = Double.ulpOfOne
        for l in 0..<n {
            tst1 = Swift.max(tst1, abs(d[l]) + abs(e[l]))
            var m = l
            while m < n - 1 {
                if abs(e[m]) <= eps * tst1 { break }
                m += 1
            }
            if m > l {
                var iterations = 0
                repeat {
                    iterations += 1
                    if iterations > 60 {
                        throw .didNotConverge("symmetric eigendecomposition: QL iteration did not converge for eigenvalue \(l) of \(n); the matrix may hold extreme values")
                    }
                    var g = d[l]
                    var p = (d[l + 1] - g) / (2 * e[l])
                    var r = hypot(p, 1)
                    if p < 0 { r = -r }
                    d[l] = e[l] / (p + r)
                    d[l + 1] = e[l] * (p + r)
                    let dl1 = d[l + 1]
                    var h = g - d[l]
                    if l + 2 < n { for i in (l + 2)..<n { d[i] -= h } }
                    f += h
                    p = d[m]
                    var c = 1.0, c2 = 1.0, c3 = 1.0
                    let el1 = e[l + 1]
                    var s = 0.0, s2 = 0.0
                    var i = m - 1
                    while i >= l {
                        c3 = c2; c2 = c; s2 = s
                        g = c * e[i]
                        h = c * p
                        r = hypot(p, e[i])
                        e[i + 1] = s * r
                        s = e[i] / r
                        c = p / r
                        p = c * d[i] - s * g
                        d[i + 1] = h + s * (c * g + s * d[i])
                        for k in 0..<n {
                            let vk1 = v[k * n + i + 1], vk = v[k * n + i]
                            v[k * n + i + 1] = s * vk + c * vk1
                            v[k * n + i] = c * vk - s * vk1
                        }
                        i -= 1
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1
                    e[l] = s * p
                    d[l] = c * p
                } while abs(e[l]) > eps * tst1
            }
            d[l] += f
            e[l] = 0
        }
    }
}
