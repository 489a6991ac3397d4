import StrataCore

extension GaussianMixture {
    /// sklearn's `_initialize_parameters` for `init_params="kmeans"`: one-hot responsibilities
    /// from a k-means run (n_init 1, seeded from this mixture's generator), then the M-step
    /// estimates; explicit initial weights, means and precisions replace the estimates. When all
    /// three are given, no k-means runs at all (sklearn 1.7 skips it too).
    func initialParameters(_ data: Matrix, generator: inout SeededGenerator) throws(StrataError) -> GaussianParameters {
        let n = data.rows, k = componentCount, d = data.columns
        var parameters = GaussianParameters(type: covarianceType, componentCount: k, columns: d,
                                            weights: [], means: [], covariances: nil, precisionsCholesky: [], logDeterminants: [])
        if let w = initialWeights, let m = initialMeans, let p = initialPrecisions {
            parameters.weights = w
            parameters.means = m.flatMap { $0 }
            try parameters.setPrecisions(p.flatMap { $0 })
            return parameters
        }
        let labels = try KMeans(clusterCount: k, initCount: 1, seed: generator.next()).fit(data).labels
        var responsibilities = [Double](repeating: 0, count: n * k)
        var counts = [Double](repeating: 0, count: k)
        var means = [Double](repeating: 0, count: k * d)
        for (i, label) in labels.enumerated() {
            responsibilities[i * k + label] = 1
            counts[label] += 1
            for j in 0..<d { means[label * d + j] += Double(data.storage[i * d + j]) }
        }
        counts = counts.map { $0 + 10 * Double.ulpOfOne }
        for c in 0..<k { for j in 0..<d { means[c * d + j] /= counts[c] } }
        let covariances = GaussianMixtureKernels.covariances(data, responsibilities: responsibilities, means: means, counts: counts,
                                                             type: covarianceType, regularization: regularization)
        parameters.weights = initialWeights ?? counts.map { $0 / Double(n) }
        parameters.means = initialMeans?.flatMap { $0 } ?? means
        if let p = initialPrecisions {
            try parameters.setPrecisions(p.flatMap { $0 })
        } else {
            try parameters.setCovariances(covariances, regularization: regularization)
        }
        return parameters
    }
}
