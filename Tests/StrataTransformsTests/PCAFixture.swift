import Foundation
import StrataCore
import _StrataTestSupport

/// pca.json written by Tests/Fixtures/pca/make_pca.py (scikit-learn 1.7.2).
struct PCAFixture: Decodable {
    struct Dataset: Decodable { let rows: Int; let columns: Int; let values: [Double] }
    struct Fit: Decodable {
        let dataset: String
        let n_components: Double?
        let whiten: Bool
        let solver: String
        let n_components_: Int
        let mean: [Double]
        let components: [[Double]]
        let explained_variance: [Double]
        let explained_variance_ratio: [Double]
        let singular_values: [Double]
        let noise_variance: Double
        let transform_head: [[Double]]
    }
    let datasets: [String: Dataset]
    let fits: [Fit]

    static let shared: PCAFixture = {
        let url = fixturesDirectory().appendingPathComponent("pca/pca.json")
        return try! JSONDecoder().decode(PCAFixture.self, from: Data(contentsOf: url))
    }()

    func matrix(_ name: String) -> Matrix {
        let d = datasets[name]!
        return try! Matrix(rows: d.rows, columns: d.columns, values: d.values.map { Float($0) })
    }
}
