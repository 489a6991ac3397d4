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
    return daviesBouldin(ClusterDispersion(data: data, labels: encoded), encoded)
}

/// The index from the clusters' dispersion (shared with ``calinskiHarabaszScore(_:labels:noise:)``
/// by ``daviesBouldinAndCalinskiHarabasz(_:labels:noise:)``).
func daviesBouldin(_ dispersion: ClusterDispersion, _ encoded: EncodedLabels) -> ClusterScore {
    let k = encoded.clusterCount, d = dispersion.overallMean.count
    let spreads = dispersion.meanDistanceToCentroid
    // Each pair once: (a − b)² and (b − a)² are the same numbers, so d(i, j) = d(j, i) exactly.
    // DBSCAN's hundreds of islands make this k² d loop a visible share of a sweep's attempt.
    var centroidDistance = [Double](repeating: 0, count: k * k)
    dispersion.centroids.withUnsafeBufferPointer { centroids in
        centroidDistance.withUnsafeMutableBufferPointer { out in
            for i in 0..<k {
                let a = centroids.baseAddress! + i * d
                for j in (i + 1)..<Swift.max(k, i + 1) {
                    let b = centroids.baseAddress! + j * d
                    var sq = 0.0
                    for f in 0..<d { let e = a[f] - b[f]; sq += e * e }
                    out[i * k + j] = sq.squareRoot()
                    out[j * k + i] = out[i * k + j]
                }
            }
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
