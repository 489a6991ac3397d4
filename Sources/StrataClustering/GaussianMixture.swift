import StrataCore

/// A Gaussian mixture fitted by expectation–maximisation, with scikit-learn 1.7's
/// `GaussianMixture` semantics: k-means initialisation (or explicit weights, means and precisions),
/// four covariance structures, `reg_covar` added to every covariance diagonal, convergence when the
/// mean log-likelihood changes by less than `tolerance`, and `n_init` restarts keeping the best
/// lower bound.
///
/// ```swift
/// let model = try GaussianMixture(componentCount: 4, covarianceType: .full, seed: 1).fit(customers)
/// model.labels                          // most probable component per row
/// try model.predictProbabilities(rows)  // n × k responsibilities
/// try model.bic(customers)              // for choosing componentCount
/// ```
///
/// Complexity per iteration: O(n · k · d²) for full and tied covariances, O(n · k · d) for
/// diagonal and spherical; memory O(n · k) for the responsibilities. All arithmetic is `Double`;
/// the E-step uses log-sum-exp and Cholesky factors of the precisions, never an explicit inverse.
///
/// References: Dempster, Laird & Rubin, "Maximum likelihood from incomplete data via the EM
/// algorithm" (1977); Bishop, *Pattern Recognition and Machine Learning* §9.2; scikit-learn
/// `sklearn.mixture.GaussianMixture`.
public struct GaussianMixture: Clusterer, Codable, Hashable, Sendable {
    /// The shape of the component covariances (sklearn `covariance_type`).
    public enum CovarianceType: String, Codable, Hashable, Sendable, CaseIterable {
        /// Each component has its own general covariance matrix.
        case full
        /// All components share one general covariance matrix.
        case tied
        /// Each component has its own diagonal covariance (sklearn `"diag"`).
        case diagonal
        /// Each component has its own single variance.
        case spherical

        /// scikit-learn's spelling.
        public var sklearnName: String { self == .diagonal ? "diag" : rawValue }
    }

    /// Number of mixture components (sklearn `n_components`).
    public var componentCount: Int
    /// Covariance structure (sklearn `covariance_type`).
    public var covarianceType: CovarianceType
    /// Stop when the mean log-likelihood improves by less than this (sklearn `tol`).
    public var tolerance: Double
    /// Added to every covariance diagonal so covariances stay positive definite (sklearn `reg_covar`).
    public var regularization: Double
    /// EM iterations per initialisation (sklearn `max_iter`); at least 1.
    public var maxIterations: Int
    /// Initialisations; the one with the highest final lower bound wins (sklearn `n_init`).
    public var initCount: Int
    /// Explicit starting weights, summing to 1 (sklearn `weights_init`).
    public var initialWeights: [Double]?
    /// Explicit starting means, one row of d values per component (sklearn `means_init`).
    public var initialMeans: [[Double]]?
    /// Explicit starting precisions (inverse covariances), per block: full → k blocks of d·d
    /// row-major values, tied → 1 block of d·d, diagonal → k blocks of d, spherical → k blocks of 1
    /// (sklearn `precisions_init`).
    public var initialPrecisions: [[Double]]?
    /// Seed for the k-means initialisation (sklearn `random_state`).
    public var seed: UInt64

    public init(componentCount: Int = 1, covarianceType: CovarianceType = .full, tolerance: Double = 1e-3,
                regularization: Double = 1e-6, maxIterations: Int = 100, initCount: Int = 1,
                initialWeights: [Double]? = nil, initialMeans: [[Double]]? = nil, initialPrecisions: [[Double]]? = nil,
                seed: UInt64 = 0) {
        self.componentCount = componentCount
        self.covarianceType = covarianceType
        self.tolerance = tolerance
        self.regularization = regularization
        self.maxIterations = maxIterations
        self.initCount = initCount
        self.initialWeights = initialWeights
        self.initialMeans = initialMeans
        self.initialPrecisions = initialPrecisions
        self.seed = seed
    }

    public func validate() throws(StrataError) {
        guard componentCount >= 1 else { throw .invalidArgument("GaussianMixture componentCount must be at least 1, got \(componentCount)") }
        guard tolerance >= 0, tolerance.isFinite else { throw .invalidArgument("GaussianMixture tolerance must be a finite value >= 0, got \(tolerance)") }
        guard regularization >= 0, regularization.isFinite else {
            throw .invalidArgument("GaussianMixture regularization must be a finite value >= 0, got \(regularization)")
        }
        guard maxIterations >= 1 else { throw .invalidArgument("GaussianMixture maxIterations must be at least 1, got \(maxIterations)") }
        guard initCount >= 1 else { throw .invalidArgument("GaussianMixture initCount must be at least 1, got \(initCount)") }
        if let w = initialWeights {
            guard w.count == componentCount else {
                throw .invalidArgument("GaussianMixture initialWeights has \(w.count) values but componentCount is \(componentCount)")
            }
            guard w.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
                throw .invalidArgument("GaussianMixture initialWeights must lie in [0, 1], got min \(w.min()!) and max \(w.max()!)")
            }
            let sum = w.reduce(0, +)
            guard abs(1 - sum) <= 1e-8 else { throw .invalidArgument("GaussianMixture initialWeights must sum to 1, got \(sum)") }
        }
        if let m = initialMeans, m.count != componentCount {
            throw .invalidArgument("GaussianMixture initialMeans has \(m.count) rows but componentCount is \(componentCount)")
        }
        if let p = initialPrecisions {
            let blocks = GaussianParameters.blockCount(covarianceType, componentCount: componentCount)
            guard p.count == blocks else {
                throw .invalidArgument("GaussianMixture initialPrecisions for \(covarianceType.rawValue) covariances needs \(blocks) block(s), got \(p.count)")
            }
        }
    }

    public func fit(_ data: Matrix) throws(StrataError) -> Model {
        try validate()
        try checkData(data)
        let n = data.rows, k = componentCount
        var generator = SeededGenerator(seed: seed)
        var best: (parameters: GaussianParameters, lowerBound: Double, iterations: Int, converged: Bool)? = nil
        var responsibilities = [Double](repeating: 0, count: n * k)
        for _ in 0..<initCount {
            var parameters = try initialParameters(data, generator: &generator)
            var lowerBound = -Double.infinity
            var converged = false
            var iteration = 0
            while iteration < maxIterations {
                iteration += 1
                let previous = lowerBound
                let expectation = responsibilities.withUnsafeMutableBufferPointer { r in
                    GaussianMixtureKernels.expectation(data, parameters, responsibilities: SendablePointer(r.baseAddress!),
                                                       logLikelihoods: nil, accumulate: true)
                }
                try maximise(data, expectation: expectation, responsibilities: responsibilities, parameters: &parameters)
                lowerBound = expectation.logLikelihoodSum / Double(n)
                if abs(lowerBound - previous) < tolerance { converged = true; break }
            }
            if best == nil || lowerBound > best!.lowerBound || best!.lowerBound == -.infinity {
                best = (parameters, lowerBound, iteration, converged)
            }
        }
        let winner = best!
        var model = Model(parameters: winner.parameters, labels: [], converged: winner.converged,
                          iterationCount: winner.iterations, lowerBound: winner.lowerBound)
        // A final E-step so that fit(X).labels equals predict(X), as sklearn's fit_predict.
        model.labels = model.labelsUnchecked(data)
        return model
    }

    /// sklearn's `_m_step`: weights, means and covariances from the responsibilities.
    func maximise(_ data: Matrix, expectation: GaussianMixtureKernels.Expectation, responsibilities: [Double],
                  parameters: inout GaussianParameters) throws(StrataError) {
        let k = componentCount, d = data.columns
        // sklearn adds 10·ε to every count so an empty component does not divide by zero.
        let counts = expectation.responsibilitySums.map { $0 + 10 * Double.ulpOfOne }
        var means = expectation.weightedRowSums
        for c in 0..<k { for j in 0..<d { means[c * d + j] /= counts[c] } }
        let covariances = GaussianMixtureKernels.covariances(data, responsibilities: responsibilities, means: means, counts: counts,
                                                             type: covarianceType, regularization: regularization)
        let total = counts.reduce(0, +)
        parameters.weights = counts.map { $0 / total }
        parameters.means = means
        try parameters.setCovariances(covariances, regularization: regularization)
    }

    func checkData(_ data: Matrix) throws(StrataError) {
        guard data.rows >= 1 else { throw .notEnoughSamples("GaussianMixture needs at least one row, got an empty matrix") }
        guard data.columns >= 1 else { throw .invalidArgument("GaussianMixture needs at least one feature column, got 0") }
        try data.validateFinite()
        guard data.rows >= componentCount else {
            throw .notEnoughSamples("GaussianMixture: expected n_samples >= componentCount but got componentCount = \(componentCount), n_samples = \(data.rows); lower componentCount or pass more rows")
        }
        let d = data.columns
        if let m = initialMeans, let bad = m.firstIndex(where: { $0.count != d }) {
            throw .dimensionMismatch("GaussianMixture initialMeans row \(bad) has \(m[bad].count) values but the data has \(d) columns")
        }
        if let p = initialPrecisions {
            let size = GaussianParameters.blockSize(covarianceType, columns: d)
            if let bad = p.firstIndex(where: { $0.count != size }) {
                throw .dimensionMismatch("GaussianMixture initialPrecisions block \(bad) has \(p[bad].count) values; \(covarianceType.rawValue) precisions for \(d) features need \(size)")
            }
            for (b, block) in p.enumerated() {
                switch covarianceType {
                case .full, .tied:
                    guard Cholesky.isSymmetric(block, n: d), Cholesky.lowerFactor(block, n: d) != nil else {
                        throw .invalidArgument("GaussianMixture initialPrecisions block \(b) must be symmetric and positive-definite")
                    }
                case .diagonal, .spherical:
                    guard block.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                        throw .invalidArgument("GaussianMixture initialPrecisions block \(b) must be positive")
                    }
                }
            }
        }
    }
}
