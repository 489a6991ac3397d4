import Foundation
import Testing
import StrataCore
import StrataTransforms
import _StrataTestSupport

/// PCA against scikit-learn 1.7.2. Tolerances: explained variance, ratios, singular values and
/// noise variance within 1e-5 relative; component entries within 1e-6 absolute (unit vectors,
/// signs by sklearn's svd_flip rule — no sign fixing in the test); projections within 2e-4 of
/// max(1, |value|) (Float projections).
@Suite struct PCATests {
    let fixture = PCAFixture.shared

    func configuration(_ fit: PCAFixture.Fit, solver: PCA.Solver = .exact) -> PCA {
        let count: PCA.ComponentCount
        switch fit.n_components {
        case nil: count = .all
        case let v? where v < 1: count = .varianceFraction(v)
        case let v?: count = .count(Int(v))
        }
        return PCA(componentCount: count, whiten: fit.whiten, solver: solver, seed: 3)
    }

    func expectMatches(_ model: PCA.Model, _ fit: PCAFixture.Fit, componentTolerance: Double,
                       varianceTolerance: Double, label: String) {
        #expect(model.componentCount == fit.n_components_, "\(label): component count")
        guard model.componentCount == fit.n_components_ else { return }
        for (a, b) in zip(model.mean, fit.mean) { #expect(isClose(a, b, relative: 1e-9, absolute: 1e-9), "\(label): mean") }
        for j in 0..<fit.n_components_ {
            let worst = zip(model.components[j], fit.components[j]).map { abs($0 - $1) }.max()!
            #expect(worst <= componentTolerance, "\(label): component \(j) differs by \(worst)")
            #expect(isClose(model.explainedVariance[j], fit.explained_variance[j], relative: varianceTolerance), "\(label): variance \(j)")
            #expect(isClose(model.explainedVarianceRatio[j], fit.explained_variance_ratio[j], relative: varianceTolerance), "\(label): ratio \(j)")
            #expect(isClose(model.singularValues[j], fit.singular_values[j], relative: varianceTolerance), "\(label): singular value \(j)")
        }
        #expect(isClose(model.noiseVariance, fit.noise_variance, relative: varianceTolerance * 10, absolute: 1e-9),
                "\(label): noise variance \(model.noiseVariance) vs \(fit.noise_variance)")
    }

    @Test func exactSolverEqualsSklearn() throws {
        for fit in fixture.fits {
            let data = fixture.matrix(fit.dataset)
            let model = try configuration(fit).fit(data)
            expectMatches(model, fit, componentTolerance: 1e-6, varianceTolerance: 1e-5, label: "\(fit.dataset) \(String(describing: fit.n_components)) whiten=\(fit.whiten)")
            let head = try model.transform(data.selectingRows(0..<20))
            for i in 0..<20 {
                for j in 0..<fit.n_components_ {
                    let expected = fit.transform_head[i][j]
                    #expect(abs(Double(head[i, j]) - expected) <= 2e-4 * max(1, abs(expected)), "\(fit.dataset): projection (\(i), \(j))")
                }
            }
        }
    }

    /// The randomized solver approximates sklearn's exact answer; with 4–7 power iterations on
    /// data with a clear spectral gap the agreement is far inside these bounds.
    @Test func randomizedSolverApproximatesSklearn() throws {
        for fit in fixture.fits where fit.n_components != nil && fit.n_components! >= 1 && !fit.whiten {
            let model = try configuration(fit, solver: .randomized).fit(fixture.matrix(fit.dataset))
            expectMatches(model, fit, componentTolerance: 1e-3, varianceTolerance: 1e-4, label: "randomized \(fit.dataset)")
            let again = try configuration(fit, solver: .randomized).fit(fixture.matrix(fit.dataset))
            #expect(again == model, "seeded randomized fit must repeat exactly")
        }
    }

    @Test func inverseTransformRoundTrip() throws {
        let data = fixture.matrix("tall_correlated")
        for whiten in [false, true] {
            let full = try PCA(componentCount: .all, whiten: whiten).fit(data)
            let back = try full.inverseTransform(try full.transform(data))
            var worst: Float = 0
            for i in 0..<data.storage.count { worst = max(worst, abs(back.storage[i] - data.storage[i]) / max(1, abs(data.storage[i]))) }
            #expect(worst < 1e-4, "full-rank round trip, whiten=\(whiten): \(worst)")
            // With fewer components, reconstructing is a projection: transforming again is stable.
            let three = try PCA(componentCount: 3, whiten: whiten).fit(data)
            let y = try three.transform(data)
            let y2 = try three.transform(try three.inverseTransform(y))
            for i in 0..<y.storage.count { #expect(abs(y.storage[i] - y2.storage[i]) <= 1e-3 * max(1, abs(y.storage[i]))) }
        }
    }

    @Test func loadingsNameTheDrivingFeatures() throws {
        let data = fixture.matrix("small")
        let names = ["spend", "visits", "tenure", "returns"]
        let model = try PCA(componentCount: 2).fit(data, featureNames: names)
        let loadings = model.loadings
        for j in 0..<2 {
            for f in 0..<4 {
                #expect(isClose(loadings[j][f], model.components[j][f] * model.explainedVariance[j].squareRoot(), relative: 1e-12))
            }
        }
        let top = model.topFeatures(component: 0, count: 2)
        #expect(top.count == 2 && names.contains(top[0].feature))
        #expect(abs(top[0].loading) >= abs(top[1].loading))
        #expect(abs(top[0].loading) == loadings[0].map(abs).max())
    }

    @Test func codableRoundTrip() throws {
        let model = try PCA(componentCount: 2, whiten: true).fit(fixture.matrix("offset"))
        let decoded = try JSONDecoder().decode(PCA.Model.self, from: JSONEncoder().encode(model))
        #expect(decoded == model)
        let config = PCA(varianceFraction: 0.95)
        #expect(try JSONDecoder().decode(PCA.self, from: JSONEncoder().encode(config)) == config)
    }

    @Test func clearErrors() throws {
        let data = fixture.matrix("small")
        #expect(throws: StrataError.self) { try PCA(componentCount: 0).fit(data) }
        #expect(throws: StrataError.self) { try PCA(componentCount: 5).fit(data) }
        #expect(throws: StrataError.self) { try PCA(varianceFraction: 1.0).fit(data) }
        #expect(throws: StrataError.self) { try PCA(componentCount: 2).fit(data, featureNames: ["a"]) }
        #expect(throws: StrataError.self) { try PCA(componentCount: 1).fit(try Matrix([[1, 2]])) }
        var bad = data
        bad[3, 2] = .infinity
        #expect(throws: StrataError.nonFinite(row: 3, column: 2)) { try PCA(componentCount: 2).fit(bad) }
        let model = try PCA(componentCount: 2).fit(data)
        #expect(throws: StrataError.self) { try model.transform(try Matrix([[1, 2, 3]])) }
        #expect(throws: StrataError.self) { try model.inverseTransform(try Matrix([[1, 2, 3]])) }
    }

    @Test func symmetricEigenOnKnownMatrix() throws {
        let eigen = try SymmetricEigen(symmetric: [4, 1, 0, 1, 3, 1, 0, 1, 2], dimension: 3)
        // Characteristic polynomial roots of this tridiagonal matrix: 3 + √3, 3, 3 − √3.
        #expect(isClose(eigen.values[0], 3 + 3.0.squareRoot(), relative: 1e-12))
        #expect(isClose(eigen.values[1], 3, relative: 1e-12))
        #expect(isClose(eigen.values[2], 3 - 3.0.squareRoot(), relative: 1e-12))
        // A v = λ v
        let a: [[Double]] = [[4, 1, 0], [1, 3, 1], [0, 1, 2]]
        for (value, vector) in zip(eigen.values, eigen.vectors) {
            for r in 0..<3 {
                let av = (0..<3).reduce(0.0) { $0 + a[r][$1] * vector[$1] }
                #expect(abs(av - value * vector[r]) < 1e-12)
            }
        }
    }
}
