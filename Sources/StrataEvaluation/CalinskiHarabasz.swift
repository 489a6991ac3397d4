import StrataCore

/// The Calinski-Harabasz index (variance ratio criterion; Caliński & Harabasz, 1974) with
/// scikit-learn 1.7's semantics: `[B / (k − 1)] / [W / (n − k)]`, `B` the between-cluster and
/// `W` the within-cluster sum of squares; 1 when `W` is 0. Higher is better.
///
/// ```swift
/// let ch = try calinskiHarabaszScore(embedding, labels: model.labels).value
/// ```
///
/// Noise (`-1`) is left out by default and its share reported (``NoiseHandling``); with
/// `.asCluster` the value equals `sklearn.metrics.calinski_harabasz_score` on the raw labels.
/// Complexity: two passes over the rows, O(n d), accumulation in `Double`.
public func calinskiHarabaszScore(_ data: Matrix, labels: [Int], noise: NoiseHandling = .exclude) throws(StrataError) -> ClusterScore {
    try data.validateFinite()
    let encoded = try EncodedLabels(labels: labels, rowCount: data.rows, noise: noise, metric: "Calinski-Harabasz")
    try encoded.requireScorableClusterCount(metric: "Calinski-Harabasz", noise: noise)
    return calinskiHarabasz(ClusterDispersion(data: data, labels: encoded), encoded)
}

/// The index from the clusters' dispersion (see ``daviesBouldin(_:_:)``).
func calinskiHarabasz(_ dispersion: ClusterDispersion, _ encoded: EncodedLabels) -> ClusterScore {
    let k = encoded.clusterCount, d = dispersion.overallMean.count, n = encoded.rows.count
    var between = 0.0
    for c in 0..<k {
        var sq = 0.0
        for f in 0..<d { let e = dispersion.centroids[c * d + f] - dispersion.overallMean[f]; sq += e * e }
        between += Double(encoded.sizes[c]) * sq
    }
    let within = dispersion.withinSumOfSquares
    let value = within == 0 ? 1.0 : between * Double(n - k) / (within * Double(k - 1))
    return ClusterScore(value: value, excludedNoiseFraction: encoded.excludedNoiseFraction,
                        evaluatedCount: n, clusterCount: k)
}

/// Davies–Bouldin and Calinski–Harabasz of one labelling, from one validation, one label
/// encoding and one dispersion pass: the values ``daviesBouldinScore(_:labels:noise:)`` and
/// ``calinskiHarabaszScore(_:labels:noise:)`` give. A sweep scores both on every attempt.
package func daviesBouldinAndCalinskiHarabasz(_ data: Matrix, labels: [Int], noise: NoiseHandling = .exclude) throws(StrataError)
    -> (daviesBouldin: ClusterScore, calinskiHarabasz: ClusterScore) {
    try data.validateFinite()
    let encoded = try EncodedLabels(labels: labels, rowCount: data.rows, noise: noise, metric: "Davies-Bouldin and Calinski-Harabasz")
    try encoded.requireScorableClusterCount(metric: "Davies-Bouldin and Calinski-Harabasz", noise: noise)
    let dispersion = ClusterDispersion(data: data, labels: encoded)
    return (daviesBouldin(dispersion, encoded), calinskiHarabasz(dispersion, encoded))
}
