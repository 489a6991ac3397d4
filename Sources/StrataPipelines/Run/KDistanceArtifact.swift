import Foundation
import StrataNeighbors

/// `k_distance.json`: a density clusterer's sorted k-distance curve, its knee and the eps it
/// used, in the space the clusterer saw — what the dashboard and the client report plot as the
/// "KNN analysis for eps" without recomputing a million-row neighbour search.
///
/// ```json
/// {"method": "dbscan", "k": 14, "count": 1000000, "ranks": [0, 499, 500, …], "distances": [0.01, …],
///  "knee": {"rank": 931204, "value": 0.082}, "eps": 0.061, "epsSource": "auto", "definition": "…"}
/// ```
/// The curve is ascending; with more than ``maximumPoints`` rows it keeps, per bucket of
/// consecutive ranks, the bucket's first and last point (its minimum and maximum, the curve
/// being sorted), so the drawn shape — flat body, bend, tail — is the full curve's; `ranks[i]`
/// is the 0-based position of `distances[i]` in the full curve. The knee is found on the full
/// curve (``KDistance/knee(ofSortedCurve:sensitivity:)``). Complexity O(n).
public struct KDistanceArtifact: JSONArtifact, Hashable {
    /// Points kept at most (two per bucket).
    public static let maximumPoints = 2_000
    public static let fileName = "k_distance.json"

    public struct Knee: Codable, Hashable, Sendable {
        public var rank: Int
        public var value: Double
    }

    /// `dbscan` or `hdbscan`.
    public var method: String
    /// The neighbour rank of the curve (the clusterer's `min_samples`).
    public var k: Int
    /// How a row's k-distance is measured, in words (the two clusterers count differently).
    public var definition: String
    /// Rows in the full curve.
    public var count: Int
    public var ranks: [Int]
    public var distances: [Double]
    public var knee: Knee?
    /// The eps the clusterer used (DBSCAN's eps, HDBSCAN's cluster_selection_epsilon when set).
    public var eps: Double?
    /// Where eps came from: `given`, `k-distance knee`, `auto`, or nil.
    public var epsSource: String?

    /// Builds the artifact from the full ascending curve.
    public init(method: String, k: Int, definition: String, ascending curve: [Float], eps: Double?, epsSource: String?) {
        self.method = method; self.k = k; self.definition = definition
        self.eps = eps; self.epsSource = epsSource
        count = curve.count
        let kneeResult = KDistance.knee(ofSortedCurve: curve)
        if let rank = kneeResult.kneeIndex, let value = kneeResult.value {
            knee = Knee(rank: rank, value: Double(value))
        } else {
            knee = nil
        }
        ranks = Self.keptRanks(count: curve.count, limit: Self.maximumPoints)
        distances = ranks.map { Double(curve[$0]) }
    }

    /// Every rank when `count <= limit`; otherwise the first and last rank of `limit / 2`
    /// equal buckets, ascending and distinct.
    static func keptRanks(count: Int, limit: Int) -> [Int] {
        guard count > limit else { return Array(0..<count) }
        let buckets = max(1, limit / 2)
        var ranks: [Int] = []
        ranks.reserveCapacity(2 * buckets)
        for b in 0..<buckets {
            let start = b * count / buckets, end = (b + 1) * count / buckets - 1
            ranks.append(start)
            if end > start { ranks.append(end) }
        }
        return ranks
    }
}
