import StrataCore

/// The Davies-Bouldin index (Davies & Bouldin, 1979) with scikit-learn 1.7's semantics: the
/// mean over clusters of the worst ratio `(sᵢ + sⱼ) / ‖cᵢ − cⱼ‖`, where `s` is a cluster's mean
/// distance to its centroid. Lower is better; 0 when every spread or every centroid distance is
/// (numerically) zero, as sklearn's `np.allclose` check.
///
/// ```swift
/// let db = try daviesBouldinScore(embedding, labels: model.labels)   // db.value, db.excludedNoiseFraction
/// ```
///
/// Noise (`-1`) is left out by default and its share reported (``NoiseHandling``); with
/// `.asCluster` the value equals `sklearn.metrics.davies_bouldin_score` on the raw labels.
/// Complexity: two passes over the rows, O(n d + k² d), accumulation in `Double`.
public func daviesBouldinScore(_ data: Matrix, labels: [Int], noise: NoiseHandling = .exclude) throws(StrataError) -> ClusterScore {
    try data.validateFinite()
    let encoded = try EncodedLabels(labels: labels, rowCount: data.rows, noise: noise, metric: "Davies-Bouldin")
    try encoded.requireScorableClusterCount(metric: "Davies-Bouldin", noise: noise)
    let dispersion = ClusterDispersion(data: data, labels: encoded)
    let k = encoded.clusterCount, d = data.columns
    let spreads = dispersion.meanDistanceToCentroid
    var centroidDistance = [Double](repeating: 0, count: k * k)
    for i in 0..<k {
        for j in 0..<k where j != i {
            var sq = 0.0
            for f in 0..<d { let e = dispersion.centroids[i * d + f] - dispersion.centroids[j * d + f]; sq += e * e }
            centroidDistance[i * k + j] = sq.squareRoot()
        }
    }
    // np.allclose(x, 0): every |x| ≤ 1e-8.
    if spreads.allSatisfy({ abs($0) <= 1e-8 }) || centroidDistance.allSatisfy({ abs($0) <= 1e-8 }) {
        return ClusterScore(value: 0, excludedNoiseFraction: encoded.excludedNoiseFraction,
                            evaluatedCount: encoded.rows.count, clusterCount: k)
    }
    var total = 0.0
    for i in 0..<k {
        var worst = -Double.infinity
        for j in 0..<k {
            // sklearn sets zero centroid distances (including i == j) to infinity.
            let distance = centroidDistance[i * k + j] == 0 ? Double.infinity : centroidDistance[i * k + j]
            worst = Swift.max(worst, (spreads[i] + spreads[j]) / distance)
        }
        total += worst
    }
    return ClusterScore(value: total / Double(k), excludedNoiseFraction: encoded.excludedNoiseFraction,
                        evaluatedCount: encoded.rows.count, clusterCount: k)
}
