import Foundation

/// Eigen-decomposition of a small dense symmetric matrix by cyclic Jacobi rotations.
///
/// Used for UMAP's Rayleigh–Ritz steps (a few dozen rows), not for big matrices.
/// Complexity O(m³) per sweep, typically < 10 sweeps.
enum SymmetricEigen {
    /// Eigenvalues (descending) and eigenvectors (column `j` of the row-major `m × m` result
    /// belongs to eigenvalue `j`).
    static func decompose(_ matrix: [Double], size m: Int) -> (values: [Double], vectors: [Double]) {
        var a = matrix
        var v = [Double](repeating: 0, count: m * m)
        for i in 0..<m { v[i * m + i] = 1 }
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<m { for q in (p + 1)..<max(m, p + 1) { off += a[p * m + q] * a[p * m + q] } }
            if off < 1e-30 { break }
            for p in 0..<m {
                for q in (p + 1)..<max(m, p + 1) {
                    let apq = a[p * m + q]
                    if abs(apq) < 1e-300 { continue }
                    let theta = (a[q * m + q] - a[p * m + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<m {
                        let akp = a[k * m + p], akq = a[k * m + q]
                        a[k * m + p] = c * akp - s * akq
                        a[k * m + q] = s * akp + c * akq
                    }
                    for k in 0..<m {
                        let apk = a[p * m + k], aqk = a[q * m + k]
                        a[p * m + k] = c * apk - s * aqk
                        a[q * m + k] = s * apk + c * aqk
                    }
                    for k in 0..<m {
                        let vkp = v[k * m + p], vkq = v[k * m + q]
                        v[k * m + p] = c * vkp - s * vkq
                        v[k * m + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<m).sorted { a[$0 * m + $0] > a[$1 * m + $1] || (a[$0 * m + $0] == a[$1 * m + $1] && $0 < $1) }
        var values = [Double](repeating: 0, count: m), vectors = [Double](repeating: 0, count: m * m)
        for (j, src) in order.enumerated() {
            values[j] = a[src * m + src]
            for k in 0..<m { vectors[k * m + j] = v[k * m + src] }
        }
        return (values, vectors)
    }
}
