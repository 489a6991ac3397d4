import Testing
import StrataCore
import StrataTransforms
import _StrataTestSupport

/// The exact solver's one-pass shifted covariance and the blocked Float projection, against plain
/// Double reference loops, on shapes the fixtures do not reach: several chunks, widths that are
/// not multiples of the SIMD width (the tail tile reads into the next row), more than 16
/// components, a shift far from the mean (the second pass), and NaN in edge cells.
@Suite struct PCAKernelTests {
    /// Correlated Gaussian data, n × d, with per-column offsets.
    static func data(rows n: Int, columns d: Int, seed: UInt64) -> Matrix {
        var rng = SeededGenerator(seed: seed)
        let factors = 3
        let weights = (0..<(factors * d)).map { _ in rng.nextGaussian() }
        let offsets = (0..<d).map { Double($0) * 7 - 20 }
        var values = [Float](repeating: 0, count: n * d)
        for i in 0..<n {
            let z = (0..<factors).map { rng.nextGaussian() * Double(3 - $0) }
            for f in 0..<d {
                var v = offsets[f] + 0.4 * rng.nextGaussian()
                for j in 0..<factors { v += z[j] * weights[j * d + f] }
                values[i * d + f] = Float(v)
            }
        }
        return try! Matrix(rows: n, columns: d, values: values)
    }

    /// Two-pass Double mean and covariance (ddof = 1), the textbook way.
    static func reference(_ m: Matrix) -> (mean: [Double], covariance: [Double]) {
        let n = m.rows, d = m.columns
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for f in 0..<d { mean[f] += Double(m[i, f]) } }
        mean = mean.map { $0 / Double(n) }
        var c = [Double](repeating: 0, count: d * d)
        for i in 0..<n {
            for f in 0..<d {
                let a = Double(m[i, f]) - mean[f]
                for g in f..<d { c[f * d + g] += a * (Double(m[i, g]) - mean[g]) }
            }
        }
        for f in 0..<d { for g in f..<d { c[f * d + g] /= Double(n - 1); c[g * d + f] = c[f * d + g] } }
        return (mean, c)
    }

    /// All eigenpairs of the reference covariance, signs by the svd_flip rule.
    func expectMatchesReference(_ m: Matrix, label: String) throws {
        let d = m.columns
        let (mean, covariance) = Self.reference(m)
        let eigen = try SymmetricEigen(symmetric: covariance, dimension: d)
        let model = try PCA(componentCount: .all, solver: .exact).fit(m)
        for f in 0..<d { #expect(isClose(model.mean[f], mean[f], relative: 1e-12, absolute: 1e-12), "\(label): mean \(f)") }
        #expect(model.componentCount == min(m.rows, d))
        for j in 0..<model.componentCount {
            #expect(isClose(model.explainedVariance[j], max(eigen.values[j], 0), relative: 1e-9, absolute: 1e-9),
                    "\(label): variance \(j) \(model.explainedVariance[j]) vs \(eigen.values[j])")
        }
        // Leading components (well separated eigenvalues; n − 1 is the centred rank) agree to near
        // Double precision.
        for j in 0..<min(3, d, m.rows - 1) {
            var v = eigen.vectors[j]
            let best = v.indices.max { abs(v[$0]) < abs(v[$1]) }!
            if v[best] < 0 { v = v.map { -$0 } }
            let worst = zip(model.components[j], v).map { abs($0 - $1) }.max()!
            #expect(worst < 1e-9, "\(label): component \(j) differs by \(worst)")
        }
    }

    @Test func covarianceMatchesDoubleReferenceAcrossChunksAndWidths() throws {
        // 40,000 rows = 2 chunks of the covariance pass; widths below, at and off the 8 lanes.
        for d in [1, 5, 8, 13, 17] {
            try expectMatchesReference(Self.data(rows: 40_000, columns: d, seed: UInt64(d)), label: "d=\(d)")
        }
        try expectMatchesReference(Self.data(rows: 3, columns: 9, seed: 9), label: "3 rows")
    }

    /// Rows the shift sample hits (every ~9.8th of 40,000) hold a large value in column 0, so the
    /// sample mean is far from the true mean and the exact-mean second pass must take over.
    @Test func poorShiftFallsBackToExactMean() throws {
        var m = Self.data(rows: 40_000, columns: 6, seed: 4)
        for j in 0..<4096 { m[j * 40_000 / 4096, 0] = 1_000 }
        try expectMatchesReference(m, label: "skewed sample")
    }

    @Test func nonFiniteCellsAreNamedFirstInRowOrder() throws {
        let clean = Self.data(rows: 40_000, columns: 13, seed: 2)
        // The last cell (read by no other row's tail), a first-column cell (read by the previous
        // row's tail tile), and two bad cells of which the earlier must be reported.
        for (cells, expected) in [([(39_999, 12)], (39_999, 12)), ([(20_001, 0)], (20_001, 0)),
                                  ([(30_000, 3), (25_000, 11)], (25_000, 11))] {
            var bad = clean
            for (r, c) in cells { bad[r, c] = .nan }
            #expect(throws: StrataError.nonFinite(row: expected.0, column: expected.1)) { try PCA(componentCount: 2).fit(bad) }
            let model = try PCA(componentCount: 2).fit(clean)
            var badInf = clean
            for (r, c) in cells { badInf[r, c] = -.infinity }
            #expect(throws: StrataError.nonFinite(row: expected.0, column: expected.1)) { try model.transform(badInf) }
        }
    }

    @Test func projectionMatchesDoubleReference() throws {
        // k = 3 (a row's vector store spills over several later rows), 16, 20 (two lane groups);
        // 10,000 rows = 2 chunks of the projection.
        let m = Self.data(rows: 10_000, columns: 21, seed: 5)
        for k in [3, 16, 20] {
            for whiten in [false, true] {
                let model = try PCA(componentCount: .count(k), whiten: whiten, solver: .exact).fit(m)
                let y = try model.transform(m)
                #expect(y.rows == m.rows && y.columns == k)
                var worst = 0.0
                for i in 0..<m.rows {
                    for j in 0..<k {
                        var s = 0.0
                        for f in 0..<m.columns { s += (Double(m[i, f]) - model.mean[f]) * model.components[j][f] }
                        if whiten { s /= model.explainedVariance[j].squareRoot() }
                        worst = max(worst, abs(Double(y[i, j]) - s) / max(1, abs(s)))
                    }
                }
                #expect(worst < 2e-5, "k=\(k) whiten=\(whiten): projection differs by \(worst)")
            }
        }
        let empty = try PCA(componentCount: 2).fit(m).transform(Matrix(rows: 0, columns: 21))
        #expect(empty.rows == 0 && empty.columns == 2)
    }

    @Test func fitIsRepeatable() throws {
        let m = Self.data(rows: 70_000, columns: 11, seed: 8)
        let a = try PCA(componentCount: 4).fit(m), b = try PCA(componentCount: 4).fit(m)
        #expect(a == b)
        #expect(try a.transform(m) == b.transform(m))
    }
}
