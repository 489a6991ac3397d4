import StrataCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension GaussianMixture {
    /// A fitted Gaussian mixture: parameters, training labels and scoring of new rows.
    ///
    /// ```swift
    /// let model = try GaussianMixture(componentCount: 3).fit(data)
    /// try model.score(data)          // mean log-likelihood per row
    /// try model.scoreSamples(data)   // log-likelihood of each row
    /// ```
    ///
    /// Scoring costs one E-step: O(n · k · d²) (full, tied) or O(n · k · d).
    public struct Model: ClusteringModel, Codable, Hashable, Sendable {
        let parameters: GaussianParameters
        /// The most probable component of each training row (sklearn `fit_predict`).
        public internal(set) var labels: [Int]
        /// Whether the winning initialisation stopped on `tolerance` rather than `maxIterations`.
        public let converged: Bool
        /// EM iterations of the winning initialisation (sklearn `n_iter_`).
        public let iterationCount: Int
        /// Mean log-likelihood of the training data at the last E-step (sklearn `lower_bound_`).
        public let lowerBound: Double

        init(parameters: GaussianParameters, labels: [Int], converged: Bool, iterationCount: Int, lowerBound: Double) {
            self.parameters = parameters
            self.labels = labels
            self.converged = converged
            self.iterationCount = iterationCount
            self.lowerBound = lowerBound
        }

        public var covarianceType: CovarianceType { parameters.type }
        public var componentCount: Int { parameters.componentCount }
        /// Mixing weights (sklearn `weights_`).
        public var weights: [Double] { parameters.weights }
        /// Component means, one row of d values each (sklearn `means_`).
        public var means: [[Double]] { blocks(parameters.means, size: parameters.columns) }
        /// Covariances per block, laid out as ``GaussianMixture/initialPrecisions`` (sklearn `covariances_`).
        public var covariances: [[Double]] {
            blocks(parameters.covariances ?? [], size: GaussianParameters.blockSize(parameters.type, columns: parameters.columns))
        }
        /// Upper-triangular U with precision = U Uᵀ (full, tied), or 1/σ (diagonal, spherical),
        /// per block (sklearn `precisions_cholesky_`).
        public var precisionsCholesky: [[Double]] {
            blocks(parameters.precisionsCholesky, size: GaussianParameters.blockSize(parameters.type, columns: parameters.columns))
        }
        /// Free parameters counted by BIC and AIC (sklearn `_n_parameters`).
        public var parameterCount: Int { parameters.freeParameterCount }

        private func blocks(_ flat: [Double], size: Int) -> [[Double]] {
            stride(from: 0, to: flat.count, by: size).map { Array(flat[$0..<($0 + size)]) }
        }

        /// The most probable component of each row.
        public func predict(_ data: Matrix) throws(StrataError) -> [Int] {
            try check(data)
            return labelsUnchecked(data)
        }

        func labelsUnchecked(_ data: Matrix) -> [Int] {
            let k = componentCount
            var r = [Double](repeating: 0, count: data.rows * k)
            r.withUnsafeMutableBufferPointer { p in
                _ = GaussianMixtureKernels.expectation(data, parameters, responsibilities: SendablePointer(p.baseAddress!),
                                                       logLikelihoods: nil, accumulate: false)
            }
            return (0..<data.rows).map { i in
                var best = 0
                for c in 1..<max(1, k) where r[i * k + c] > r[i * k + best] { best = c }
                return best
            }
        }

        /// Posterior probability of each component for each row: an n × k matrix (sklearn `predict_proba`).
        public func predictProbabilities(_ data: Matrix) throws(StrataError) -> Matrix {
            try check(data)
            let k = componentCount
            var r = [Double](repeating: 0, count: data.rows * k)
            r.withUnsafeMutableBufferPointer { p in
                _ = GaussianMixtureKernels.expectation(data, parameters, responsibilities: SendablePointer(p.baseAddress!),
                                                       logLikelihoods: nil, accumulate: false)
            }
            return try! Matrix(rows: data.rows, columns: k, values: r.map { Float($0) })
        }

        /// Log-likelihood of each row under the mixture (sklearn `score_samples`).
        public func scoreSamples(_ data: Matrix) throws(StrataError) -> [Double] {
            try check(data)
            var out = [Double](repeating: 0, count: data.rows)
            out.withUnsafeMutableBufferPointer { p in
                _ = GaussianMixtureKernels.expectation(data, parameters, responsibilities: nil,
                                                       logLikelihoods: SendablePointer(p.baseAddress!), accumulate: false)
            }
            return out
        }

        /// Mean log-likelihood per row (sklearn `score`).
        public func score(_ data: Matrix) throws(StrataError) -> Double {
            try check(data)
            let e = GaussianMixtureKernels.expectation(data, parameters, responsibilities: nil, logLikelihoods: nil, accumulate: false)
            return e.logLikelihoodSum / Double(data.rows)
        }

        /// Bayesian information criterion: −2 · log-likelihood + parameters · ln n (lower is better).
        public func bic(_ data: Matrix) throws(StrataError) -> Double {
            -2 * (try score(data)) * Double(data.rows) + Double(parameterCount) * log(Double(data.rows))
        }

        /// Akaike information criterion: −2 · log-likelihood + 2 · parameters (lower is better).
        public func aic(_ data: Matrix) throws(StrataError) -> Double {
            -2 * (try score(data)) * Double(data.rows) + 2 * Double(parameterCount)
        }

        func check(_ data: Matrix) throws(StrataError) {
            try parameters.validateShape()
            guard data.columns == parameters.columns else {
                throw .dimensionMismatch("the mixture was fitted on \(parameters.columns) features but the data has \(data.columns) columns")
            }
            guard data.rows >= 1 else { throw .notEnoughSamples("scoring needs at least one row") }
            try data.validateFinite()
        }
    }
}
