import StrataCore

extension PCA {
    /// sklearn's `covariance_eigh` path on a Double covariance matrix. Checks the data for NaN and
    /// infinity itself (inside the covariance pass), so callers need not scan them first.
    func fitExact(_ data: Matrix, featureNames: [String]) throws(StrataError) -> Model {
        let n = data.rows, d = data.columns
        let (mean, scatter) = try PCACovariance.shiftedScatter(data)
        let covariance = scatter.map { $0 / Double(n - 1) }
        let eigen = try SymmetricEigen(symmetric: covariance, dimension: d)
        let rank = Swift.min(n, d)
        // Eigenvalues can come out slightly negative through rounding; sklearn clips them.
        let variances = eigen.values.prefix(rank).map { Swift.max($0, 0) }
        let total = variances.reduce(0, +)
        let ratios = variances.map { total > 0 ? $0 / total : 0 }
        let k: Int
        switch componentCount {
        case .count(let c): k = c
        case .all: k = rank
        case .varianceFraction(let f):
            // searchsorted(cumsum, f, side="right") + 1
            var cumulative = 0.0, index = 0
            for r in ratios { cumulative += r; if cumulative <= f { index += 1 } else { break } }
            k = Swift.min(index + 1, rank)
        }
        var components = [[Double]]()
        for j in 0..<k {
            var v = eigen.vectors[j]
            PCA.flipSign(&v)
            components.append(v)
        }
        let noise = k < rank ? variances[k...].reduce(0, +) / Double(rank - k) : 0
        return Model(mean: mean, components: components, explainedVariance: Array(variances.prefix(k)),
                     explainedVarianceRatio: Array(ratios.prefix(k)),
                     singularValues: variances.prefix(k).map { ($0 * Double(n - 1)).squareRoot() },
                     noiseVariance: noise, sampleCount: n, featureNames: featureNames, whiten: whiten, solver: .exact)
    }
}
