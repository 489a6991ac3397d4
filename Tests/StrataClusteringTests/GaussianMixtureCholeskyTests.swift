import Testing
import StrataCore

/// The small dense linear algebra under GaussianMixture (StrataCore `Cholesky`).
@Suite struct GaussianMixtureCholeskyTests {
    // A = M Mᵀ + I for a fixed M: symmetric positive-definite; det computed by cofactors below.
    static let a: [Double] = [4, 2, 0.6, 2, 5, 1.5, 0.6, 1.5, 3]

    static func multiply(_ x: [Double], _ y: [Double], n: Int) -> [Double] {
        var out = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { for k in 0..<n { out[i * n + j] += x[i * n + k] * y[k * n + j] } } }
        return out
    }

    @Test func lowerFactorReproducesTheMatrix() throws {
        let l = try Cholesky.lower(Self.a, n: 3)
        #expect(l[1] == 0 && l[2] == 0 && l[5] == 0)
        let back = Self.multiply(l, Cholesky.transpose(l, n: 3), n: 3)
        for (x, y) in zip(back, Self.a) { #expect(abs(x - y) < 1e-12) }
        let a = Self.a
        let det = a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] * a[6])
        #expect(abs(Cholesky.logDeterminant(ofLowerFactor: l, n: 3) - Foundation.log(det)) < 1e-12)
    }

    @Test func inverseAndReverseFactorAgreeWithSklearnsPrecisionCholesky() throws {
        let l = try Cholesky.lower(Self.a, n: 3)
        let inverse = Cholesky.invertLower(l, n: 3)
        let identity = Self.multiply(inverse, l, n: 3)
        for i in 0..<3 { for j in 0..<3 { #expect(abs(identity[i * 3 + j] - (i == j ? 1 : 0)) < 1e-12) } }
        // U = L⁻ᵀ from the covariance equals the reverse factor of the precision L⁻ᵀL⁻¹.
        let u = Cholesky.transpose(inverse, n: 3)
        let precision = Self.multiply(u, Cholesky.transpose(u, n: 3), n: 3)
        let reverse = try #require(Cholesky.upperReverseFactor(precision, n: 3))
        for (x, y) in zip(reverse, u) { #expect(abs(x - y) < 1e-10) }
        #expect(reverse[3] == 0 && reverse[6] == 0 && reverse[7] == 0)
    }

    @Test func notPositiveDefiniteIsReported() {
        #expect(Cholesky.lowerFactor([1, 2, 2, 1], n: 2) == nil)
        #expect(throws: StrataError.self) { try Cholesky.lower([0, 0, 0, 0], n: 2) }
        #expect(Cholesky.isSymmetric(Self.a, n: 3))
        #expect(!Cholesky.isSymmetric([1, 2, 3, 1], n: 2))
    }
}

import Foundation
