/// Small dense symmetric positive-definite linear algebra in `Double`: Cholesky factorisation,
/// triangular inverses and log-determinants.
///
/// Matrices are square, row-major `[Double]` of `n * n` values. Used by Gaussian mixtures for
/// covariances of a few dozen dimensions at most, so the plain O(n³) loops are the right tool.
///
/// ```swift
/// let lower = try Cholesky.lower([4, 2, 2, 3], n: 2)   // [2, 0, 1, 1.414…]
/// Cholesky.logDeterminant(ofLowerFactor: lower, n: 2)   // log(det) = log(8)
/// ```
///
/// Complexity: O(n³) time, O(n²) memory. Reference: Golub & Van Loan, *Matrix Computations*, §4.2.
public enum Cholesky {
    /// The lower-triangular `L` with `a = L Lᵀ`, or `nil` when `a` is not (numerically) positive
    /// definite. Only the lower triangle of `a` is read.
    public static func lowerFactor(_ a: [Double], n: Int) -> [Double]? {
        precondition(a.count == n * n, "Cholesky needs an n×n matrix")
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var diagonal = a[j * n + j]
            for k in 0..<j { diagonal -= l[j * n + k] * l[j * n + k] }
            guard diagonal > 0, diagonal.isFinite else { return nil }
            let root = diagonal.squareRoot()
            l[j * n + j] = root
            for i in (j + 1)..<max(j + 1, n) {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / root
            }
        }
        return l
    }

    /// Throwing form of ``lowerFactor(_:n:)``.
    public static func lower(_ a: [Double], n: Int) throws(StrataError) -> [Double] {
        guard let l = lowerFactor(a, n: n) else {
            throw .invalidArgument("the \(n)×\(n) matrix is not positive definite")
        }
        return l
    }

    /// `L⁻¹` for a lower-triangular `L` with a non-zero diagonal (the result is lower-triangular).
    public static func invertLower(_ l: [Double], n: Int) -> [Double] {
        var inv = [Double](repeating: 0, count: n * n)
        for col in 0..<n {
            // Forward substitution for L x = e_col; x is zero above `col`.
            inv[col * n + col] = 1 / l[col * n + col]
            for i in (col + 1)..<max(col + 1, n) {
                var s = 0.0
                for k in col..<i { s -= l[i * n + k] * inv[k * n + col] }
                inv[i * n + col] = s / l[i * n + i]
            }
        }
        return inv
    }

    /// The transpose of a square row-major matrix.
    public static func transpose(_ a: [Double], n: Int) -> [Double] {
        var t = a
        for i in 0..<n { for j in 0..<n { t[j * n + i] = a[i * n + j] } }
        return t
    }

    /// The upper-triangular `U` with `a = U Uᵀ` (the "reverse" Cholesky factor), or `nil` when
    /// `a` is not positive definite. For a precision matrix this is scikit-learn's
    /// `precisions_cholesky_` (it equals `L⁻ᵀ` where `L` is the covariance's Cholesky factor).
    public static func upperReverseFactor(_ a: [Double], n: Int) -> [Double]? {
        // Flip rows and columns, factor, flip back: J L J is upper triangular and J L J (J L J)ᵀ = a.
        var flipped = a
        for i in 0..<n { for j in 0..<n { flipped[i * n + j] = a[(n - 1 - i) * n + (n - 1 - j)] } }
        guard let l = lowerFactor(flipped, n: n) else { return nil }
        var u = l
        for i in 0..<n { for j in 0..<n { u[i * n + j] = l[(n - 1 - i) * n + (n - 1 - j)] } }
        return u
    }

    /// `log det(a)` from a triangular factor of `a` (`a = L Lᵀ`): `2 Σ log Lᵢᵢ`.
    public static func logDeterminant(ofLowerFactor l: [Double], n: Int) -> Double {
        var s = 0.0
        for i in 0..<n { s += _logDouble(l[i * n + i]) }
        return 2 * s
    }

    /// Whether `a` equals its transpose within `tolerance` (absolute plus relative, as numpy's
    /// `allclose` with its defaults).
    public static func isSymmetric(_ a: [Double], n: Int, relative: Double = 1e-5, absolute: Double = 1e-8) -> Bool {
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) where abs(a[i * n + j] - a[j * n + i]) > absolute + relative * abs(a[j * n + i]) {
                return false
            }
        }
        return true
    }
}

#if canImport(Glibc)
import Glibc
@usableFromInline func _logDouble(_ x: Double) -> Double { Glibc.log(x) }
#elseif canImport(Darwin)
import Darwin
@usableFromInline func _logDouble(_ x: Double) -> Double { Darwin.log(x) }
#endif
