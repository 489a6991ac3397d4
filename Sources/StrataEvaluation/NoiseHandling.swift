/// What the internal cluster metrics do with noise points (label `-1`, as DBSCAN and HDBSCAN
/// give them).
///
/// scikit-learn has no notion of noise: it treats `-1` as one more cluster. That rewards or
/// punishes a clustering for a "cluster" that is really a scatter of outliers, so Strata's
/// default leaves noise out and reports the share left out next to the score.
///
/// ```swift
/// let s = try silhouetteScore(data, labels: labels)                          // noise left out
/// let t = try silhouetteScore(data, labels: labels, noise: .asCluster)       // sklearn's view
/// ```
public enum NoiseHandling: String, Codable, Hashable, Sendable, CaseIterable {
    /// Rows labelled `-1` are removed before scoring (the default).
    case exclude
    /// `-1` is an ordinary cluster label, exactly as scikit-learn scores raw DBSCAN labels.
    case asCluster
}
