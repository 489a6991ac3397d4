import Foundation

/// The k-distance curve of the chosen trial (`k_distance.json`, recorded by runs of DBSCAN and
/// HDBSCAN): each point's distance to its k-th neighbour, ascending, with the knee and the eps
/// the clustering used. A recorded curve is already thinned (`ranks` says which positions of the
/// full curve it kept); a longer one is thinned here to ``ReportOptions/maximumCurvePoints``
/// evenly spaced points, the knee kept.
///
/// ```swift
/// let curve = try ReportKDistance.read(data, located: located, maximumPoints: 4_000)
/// curve.ranks.count == curve.distances.count
/// ```
public struct ReportKDistance: Codable, Sendable, Hashable {
    public struct Knee: Codable, Sendable, Hashable {
        public var rank: Int
        public var value: Double
    }

    public var component: String
    /// The clusterer (`dbscan`, `hdbscan`) and how it counts the k-th neighbour, in words.
    public var method: String?
    public var definition: String?
    public var k: Int
    /// Points on the full curve, and the 0-based rank in it of each kept one.
    public var points: Int
    public var ranks: [Int]
    public var distances: [Double]
    public var knee: Knee?
    public var eps: Double?
    /// Where eps came from (`given`, `k-distance knee`, `auto`).
    public var epsSource: String?

    /// The recorded layout (`ranks` and `count` absent: the whole curve).
    struct Recorded: Decodable {
        var method: String?
        var definition: String?
        var k: Int
        var count: Int?
        var ranks: [Int]?
        var distances: [Double]
        var knee: Knee?
        var eps: Double?
        var epsSource: String?
    }

    static func read(_ data: Data, located: ReportTrialArtifacts.Located, maximumPoints: Int) throws -> ReportKDistance {
        let recorded = try ReportJSON.decode(Recorded.self, data, located)
        let ranks = recorded.ranks ?? Array(recorded.distances.indices)
        guard ranks.count == recorded.distances.count else {
            throw ReportError.badArtifact(component: located.holder, artifact: located.name, line: nil,
                                          reason: "\(ranks.count) ranks for \(recorded.distances.count) distances")
        }
        let kneeAt = recorded.knee.flatMap { knee in ranks.firstIndex { $0 >= knee.rank } }
        let keep = ReportCurves.indices(count: ranks.count, maximum: maximumPoints, keep: kneeAt)
        return ReportKDistance(component: located.holder, method: recorded.method, definition: recorded.definition, k: recorded.k,
                               points: recorded.count ?? recorded.distances.count, ranks: keep.map { ranks[$0] },
                               distances: keep.map { recorded.distances[$0] }, knee: recorded.knee, eps: recorded.eps,
                               epsSource: recorded.epsSource)
    }
}
