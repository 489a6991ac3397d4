import Testing
import StrataCore
import StrataClustering
import _StrataTestSupport

@Suite struct ClustererConformanceTests {
    @Test func kMeansConforms() {
        for algorithm in KMeans.Algorithm.allCases {
            let suite = ClustererConformance(
                name: "KMeans(\(algorithm))",
                configured: { seed in KMeans(clusterCount: 3, algorithm: algorithm, seed: seed) },
                invalidConfigurations: [KMeans(clusterCount: 0), KMeans(clusterCount: 3, initCount: 0),
                                        KMeans(clusterCount: 3, maxIterations: 0), KMeans(clusterCount: 3, tolerance: -1),
                                        KMeans(clusterCount: 3, initialization: .centers(Matrix(rows: 2, columns: 2)))],
                tooManyClusters: KMeans(clusterCount: 5))
            let failures = suite.run()
            #expect(failures.isEmpty, "\(failures)")
        }
    }

    @Test func miniBatchKMeansConforms() {
        let suite = ClustererConformance(
            name: "MiniBatchKMeans",
            configured: { seed in MiniBatchKMeans(clusterCount: 3, batchSize: 32, seed: seed) },
            invalidConfigurations: [MiniBatchKMeans(clusterCount: 0), MiniBatchKMeans(clusterCount: 3, batchSize: 0),
                                    MiniBatchKMeans(clusterCount: 3, maxIterations: 0), MiniBatchKMeans(clusterCount: 3, initSize: 0),
                                    MiniBatchKMeans(clusterCount: 3, reassignmentRatio: -1)],
            tooManyClusters: MiniBatchKMeans(clusterCount: 5))
        let failures = suite.run()
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func gaussianMixtureConforms() {
        for type in GaussianMixture.CovarianceType.allCases {
            let suite = ClustererConformance(
                name: "GaussianMixture(\(type))",
                configured: { seed in GaussianMixture(componentCount: 3, covarianceType: type, seed: seed) },
                invalidConfigurations: [GaussianMixture(componentCount: 0), GaussianMixture(componentCount: 3, tolerance: -1),
                                        GaussianMixture(componentCount: 3, regularization: -1), GaussianMixture(componentCount: 3, maxIterations: 0),
                                        GaussianMixture(componentCount: 3, initCount: 0),
                                        GaussianMixture(componentCount: 2, initialWeights: [0.2, 0.2])],
                tooManyClusters: GaussianMixture(componentCount: 5, covarianceType: type))
            let failures = suite.run()
            #expect(failures.isEmpty, "\(failures)")
        }
    }

    /// Strata's documented behaviour on degenerate input (checked against these hand-derived
    /// outcomes, not against a scikit-learn fixture): one row with k = 1 fits; 30 identical rows
    /// with k = 3 fit (k-means moves empty clusters onto the farthest rows; the mixture's
    /// covariances are the regularization alone).
    @Test func degenerateInputsFitWithoutError() throws {
        let one = try Matrix(rows: 1, columns: 2, values: [1, 2])
        #expect(try KMeans(clusterCount: 1).fit(one).labels == [0])
        #expect(try MiniBatchKMeans(clusterCount: 1).fit(one).labels == [0])
        #expect(try GaussianMixture(componentCount: 1).fit(one).labels == [0])
        let same = try Matrix(rows: 30, columns: 2, values: [Float](repeating: 3, count: 60))
        let km = try KMeans(clusterCount: 3).fit(same)
        #expect(km.inertia == 0 && km.labels.count == 30)
        let gm = try GaussianMixture(componentCount: 3).fit(same)
        let sameScore = try gm.score(same)
        #expect(gm.labels.count == 30 && sameScore.isFinite)
    }
}
