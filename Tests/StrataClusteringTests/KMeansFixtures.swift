import Foundation
import StrataCore
import _StrataTestSupport

/// Decoded `Tests/Fixtures/kmeans/*.json` written by `make_kmeans.py` (scikit-learn 1.7.2).
struct KMeansFixture: Decodable {
    struct KMeansCase: Decodable {
        let name: String
        let algorithm: String
        let initialCenters: [[Double]]
        let labels: [Int]
        let inertia: Double
        let iterations: Int
        let centers: [[Double]]
    }
    struct GMMCase: Decodable {
        let covarianceType: String
        let initialWeights: [Double]
        let initialMeans: [[Double]]
        let initialPrecisions: AnyPrecisions
        let score: Double
        let lowerBound: Double
        let iterations: Int
        let converged: Bool
        let bic: Double
        let aic: Double
        let weights: [Double]
        let means: [[Double]]
        let labels: [Int]
        let scoreSamples: [Double]
        let probabilitiesFirstRows: [[Double]]
    }
    /// Precisions in sklearn's shapes: (k,d,d) full, (d,d) tied, (k,d) diag, (k) spherical.
    enum AnyPrecisions: Decodable {
        case cube([[[Double]]]), square([[Double]]), vector([Double])
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let v = try? c.decode([[[Double]]].self) { self = .cube(v) }
            else if let v = try? c.decode([[Double]].self) { self = .square(v) }
            else { self = .vector(try c.decode([Double].self)) }
        }
    }
    let name: String
    let clusterCount: Int
    let X: [[Double]]
    let kmeans: [KMeansCase]
    let kmeansPlusPlusInertia: Double
    let gmm: [GMMCase]
    let gmmDefaultFullScore: Double

    var matrix: Matrix { try! Matrix(X.map { $0.map { Float($0) } }) }

    static let names = ["blobs", "anisotropic", "moons", "duplicates"]

    static func load(_ name: String) throws -> KMeansFixture {
        let url = fixturesDirectory().appendingPathComponent("kmeans/\(name).json")
        return try JSONDecoder().decode(KMeansFixture.self, from: Data(contentsOf: url))
    }
}

struct MiniBatchFixture: Decodable {
    let clusterCount: Int
    let batchSize: Int
    let initCount: Int
    let X: [[Double]]
    let miniBatchInertias: [Double]
    let kmeansInertia: Double

    static func load() throws -> MiniBatchFixture {
        let url = fixturesDirectory().appendingPathComponent("kmeans/minibatch.json")
        return try JSONDecoder().decode(MiniBatchFixture.self, from: Data(contentsOf: url))
    }
}
