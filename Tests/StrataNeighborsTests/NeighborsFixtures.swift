import Foundation
import StrataCore
import _StrataTestSupport

/// The JSON files written by `Tests/Fixtures/neighbors/make_neighbors.py`.
struct KNNCase: Decodable {
    let name: String
    let rows: Int, columns: Int, k: Int, queries: Int
    let X: [Double], Q: [Double]
    let self_indices: [Int], self_distances: [Double]
    let query_indices: [Int], query_distances: [Double]
    var data: Matrix { try! Matrix(rows: rows, columns: columns, values: X.map(Float.init)) }
    var queryMatrix: Matrix { try! Matrix(rows: queries, columns: columns, values: Q.map(Float.init)) }
}

struct KneeCase: Decodable {
    let name: String
    let curve: [Double]
    let knee_index: Int?
    let knee_value: Double?
}

struct DBSCANCase: Decodable {
    let name: String
    let rows: Int, columns: Int
    let X: [Double]
    let eps: Double
    let min_samples: Int
    let labels: [Int]
    let core_sample_indices: [Int]
    let k: Int
    let kdistance_curve: [Double]
    let knee_index: Int?
    let knee_value: Double?
    var data: Matrix { try! Matrix(rows: rows, columns: columns, values: X.map(Float.init)) }
}

enum NeighborsFixtures {
    static func load<T: Decodable>(_ file: String, as type: T.Type) throws -> T {
        let url = fixturesDirectory().appendingPathComponent("neighbors/\(file)")
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }
    static let dbscanNames = ["blobs_noise", "moons", "anisotropic", "duplicates", "blobs5d", "touching"]
}
