import Testing
import StrataCore
import StrataClustering
import _StrataTestSupport

@Suite struct GaussianMixtureTests {
    static func covarianceType(_ sklearn: String) -> GaussianMixture.CovarianceType {
        GaussianMixture.CovarianceType.allCases.first { $0.sklearnName == sklearn }!
    }

    static func precisions(_ p: KMeansFixture.AnyPrecisions) -> [[Double]] {
        switch p {
        case .cube(let c): return c.map { $0.flatMap { $0 } }
        case .square(let s): return [s.flatMap { $0 }]
        case .vector(let v): return v.map { [$0] }
        }
    }

    @Test(arguments: KMeansFixture.names)
    func sameInitialParametersGiveSklearnsLikelihood(dataset: String) throws {
        let fixture = try KMeansFixture.load(dataset)
        let data = fixture.matrix
        for reference in fixture.gmm {
            let type = Self.covarianceType(reference.covarianceType)
            var initialPrecisions = Self.precisions(reference.initialPrecisions)
            // sklearn's diagonal precisions are (k, d): one block per component, not one d×d block.
            if case .square(let rows) = reference.initialPrecisions, type == .diagonal { initialPrecisions = rows }
            let config = GaussianMixture(componentCount: fixture.clusterCount, covarianceType: type,
                                         initialWeights: reference.initialWeights, initialMeans: reference.initialMeans,
                                         initialPrecisions: initialPrecisions)
            let model = try config.fit(data)
            let label = "\(dataset) \(reference.covarianceType)"
            // The same initial parameters, and every E and M step in Double on data that Float32
            // holds exactly: Strata retraces scikit-learn's EM path, so its fit agrees to rounding
            // (measured: 1e-13 at worst), the iteration count and every label are equal.
            let tight = 1e-9
            let score = try model.score(data)
            #expect(abs(score - reference.score) <= tight, "\(label): score \(score) vs sklearn \(reference.score)")
            #expect(abs(model.lowerBound - reference.lowerBound) <= tight, "\(label): lower bound \(model.lowerBound) vs \(reference.lowerBound)")
            #expect(model.iterationCount == reference.iterations, "\(label): iterations \(model.iterationCount) vs \(reference.iterations)")
            #expect(model.converged == reference.converged)
            #expect(isClose(try model.bic(data), reference.bic, relative: tight), "\(label): BIC")
            #expect(isClose(try model.aic(data), reference.aic, relative: tight), "\(label): AIC")
            // BIC and AIC differ exactly by the parameter penalty, as sklearn's.
            #expect(abs((try model.bic(data)) - (try model.aic(data)) - (reference.bic - reference.aic)) < 1e-6 * abs(reference.bic - reference.aic) + 1e-9)
            for (c, w) in reference.weights.enumerated() { #expect(abs(model.weights[c] - w) <= tight, "\(label): weight \(c)") }
            for (c, row) in reference.means.enumerated() {
                for (j, v) in row.enumerated() { #expect(abs(model.means[c][j] - v) <= tight * max(1, abs(v)), "\(label): mean \(c),\(j)") }
            }
            #expect(model.labels == reference.labels, "\(label): labels")
            let samples = try model.scoreSamples(data)
            for (i, v) in reference.scoreSamples.enumerated() { #expect(abs(samples[i] - v) <= tight * max(1, abs(v)), "\(label): score_samples[\(i)]") }
            let probabilities = try model.predictProbabilities(data)
            for (i, row) in reference.probabilitiesFirstRows.enumerated() {
                // Probabilities come back as a Float32 matrix: its rounding, not the fit's, sets this bound.
                for (c, v) in row.enumerated() { #expect(abs(Double(probabilities[i, c]) - v) <= 1e-6, "\(label): predict_proba[\(i), \(c)]") }
            }
            #expect(try model.predict(data) == model.labels)
        }
    }

    @Test func kMeansInitialisationReachesSklearnsFit() throws {
        // Different RNGs pick different k-means seeds; on well-separated blobs both reach the same optimum.
        let fixture = try KMeansFixture.load("blobs")
        let model = try GaussianMixture(componentCount: fixture.clusterCount, covarianceType: .full, initCount: 3, seed: 0).fit(fixture.matrix)
        #expect(abs((try model.score(fixture.matrix)) - fixture.gmmDefaultFullScore) <= 1e-3)
        #expect(model.converged)
    }

    @Test(arguments: GaussianMixture.CovarianceType.allCases)
    func everyCovarianceTypeFitsAndShapesMatch(type: GaussianMixture.CovarianceType) throws {
        let fixture = try KMeansFixture.load("anisotropic")
        let data = fixture.matrix
        let model = try GaussianMixture(componentCount: 3, covarianceType: type, seed: 4).fit(data)
        let blocks = type == .tied ? 1 : 3
        let size = [GaussianMixture.CovarianceType.full: 4, .tied: 4, .diagonal: 2, .spherical: 1][type]!
        #expect(model.covariances.count == blocks && model.covariances.allSatisfy { $0.count == size })
        #expect(model.precisionsCholesky.count == blocks)
        #expect(abs(model.weights.reduce(0, +) - 1) < 1e-12)
        let p = try model.predictProbabilities(data)
        for i in 0..<data.rows {
            let s = (0..<3).reduce(0.0) { $0 + Double(p[i, $1]) }
            #expect(abs(s - 1) < 1e-5)
        }
    }

    @Test func singularCovarianceSuggestsLargerRegularization() throws {
        // Two exact duplicate groups in 2-D: without regularization the covariances are singular.
        let data = try Matrix([[0, 0], [0, 0], [0, 0], [5, 5], [5, 5], [5, 5]])
        do {
            _ = try GaussianMixture(componentCount: 2, regularization: 0).fit(data)
            Issue.record("a singular covariance must throw")
        } catch {
            #expect(error.description.contains("regularization"))
        }
        let model = try GaussianMixture(componentCount: 2).fit(data)
        #expect(Set(model.labels).count == 2)
    }

    @Test func invalidInitialParametersAreRejected() {
        let data = try! Matrix([[0, 0], [1, 1], [2, 2], [3, 3]])
        #expect(throws: StrataError.self) { try GaussianMixture(componentCount: 2, initialWeights: [0.7, 0.7]).validate() }
        #expect(throws: StrataError.self) { try GaussianMixture(componentCount: 2, initialMeans: [[0, 0]]).validate() }
        #expect(throws: StrataError.self) {
            try GaussianMixture(componentCount: 2, initialMeans: [[0, 0, 0], [1, 1, 1]]).fit(data)
        }
        #expect(throws: StrataError.self) {
            try GaussianMixture(componentCount: 2, initialPrecisions: [[1, 2, 2, 1], [1, 0, 0, 1]]).fit(data)
        }
        #expect(throws: StrataError.self) { try GaussianMixture(componentCount: 0).validate() }
        #expect(throws: StrataError.self) { try GaussianMixture(componentCount: 2, regularization: -1).validate() }
    }
}
