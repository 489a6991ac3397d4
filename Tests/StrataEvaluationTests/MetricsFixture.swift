import Foundation
import StrataCore
import _StrataTestSupport

/// metrics.json written by Tests/Fixtures/evaluation/make_evaluation.py (scikit-learn 1.7.2).
struct MetricsFixture: Decodable {
    struct Dataset: Decodable { let rows: Int; let columns: Int; let values: [Double] }
    struct Scores: Decodable {
        let silhouette: Double
        let silhouette_samples: [Double]
        let davies_bouldin: Double
        let calinski_harabasz: Double
    }
    struct Case: Decodable {
        let dataset: String
        let labels_name: String
        let labels: [Int]
        let noise_fraction: Double
        let excluded: Scores?
        let as_cluster: Scores?
    }
    struct Pair: Decodable { let name: String; let truth: [Int]; let predicted: [Int]; let ari: Double; let nmi: Double }
    let datasets: [String: Dataset]
    let cases: [Case]
    let pairs: [Pair]

    static let shared: MetricsFixture = {
        let url = fixturesDirectory().appendingPathComponent("evaluation/metrics.json")
        return try! JSONDecoder().decode(MetricsFixture.self, from: Data(contentsOf: url))
    }()

    func matrix(_ name: String) -> Matrix {
        let d = datasets[name]!
        return try! Matrix(rows: d.rows, columns: d.columns, values: d.values.map { Float($0) })
    }
}
