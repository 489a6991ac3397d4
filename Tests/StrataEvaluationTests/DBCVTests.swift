import Foundation
import StrataCore
import StrataEvaluation
import Testing
import _StrataTestSupport

/// dbcv.json written by Tests/Fixtures/dbcv/make_dbcv.py (hdbscan 0.8.44 `validity_index`).
struct DBCVFixture: Decodable {
    struct Dataset: Decodable { let rows: Int; let columns: Int; let values: [Double] }
    struct Case: Decodable {
        let dataset: String
        let labels_name: String
        let labels: [Int]
        let score: Double?
        let cluster_labels: [Int]
        let cluster_validities: [Double?]
    }
    let datasets: [String: Dataset]
    let cases: [Case]

    static let shared: DBCVFixture = {
        let url = fixturesDirectory().appendingPathComponent("dbcv/dbcv.json")
        return try! JSONDecoder().decode(DBCVFixture.self, from: Data(contentsOf: url))
    }()

    func matrix(_ name: String) -> Matrix {
        let d = datasets[name]!
        return try! Matrix(rows: d.rows, columns: d.columns, values: d.values.map { Float($0) })
    }
}

@Suite struct DBCVTests {
    static let scoredCases = DBCVFixture.shared.cases.filter { $0.score != nil }.map { "\($0.dataset)/\($0.labels_name)" }

    @Test(arguments: scoredCases)
    func matchesHDBSCANValidityIndex(_ name: String) throws {
        let fixture = DBCVFixture.shared
        let c = fixture.cases.first { "\($0.dataset)/\($0.labels_name)" == name }!
        let result = try DBCV().evaluate(fixture.matrix(c.dataset), labels: c.labels)
        #expect(isClose(result.score, c.score!, relative: 1e-6, absolute: 1e-9), "\(name): \(result.score) vs hdbscan \(c.score!)")
        #expect(result.clusterLabels == c.cluster_labels)
        for (mine, theirs) in zip(result.clusterValidities, c.cluster_validities) {
            #expect(isClose(mine, theirs!, relative: 1e-6, absolute: 1e-9), "\(name): cluster validity \(mine) vs \(theirs!)")
        }
        #expect(!result.isSampled)
    }

    @Test func singleClusterIsAnErrorWhereHDBSCANGivesNaN() throws {
        let fixture = DBCVFixture.shared
        let c = fixture.cases.first { $0.labels_name == "single_cluster" }!
        #expect(c.score == nil)
        #expect(throws: StrataError.self) { try DBCV().evaluate(fixture.matrix(c.dataset), labels: c.labels) }
    }

    @Test func badInputThrows() throws {
        let data = try Matrix([[0, 0], [1, 1], [5, 5], [6, 6]])
        #expect(throws: StrataError.self) { try DBCV().evaluate(data, labels: [0, 0, 1]) }
        #expect(throws: StrataError.self) { try DBCV().evaluate(data, labels: [0, 0, 1, -2]) }
        #expect(throws: StrataError.self) { try DBCV().evaluate(data, labels: [-1, -1, -1, -1]) }
        #expect(throws: StrataError.self) { try DBCV(sampleSize: 1).evaluate(data, labels: [0, 0, 1, 1]) }
        var bad = data
        bad[2, 1] = .nan
        #expect(throws: StrataError.nonFinite(row: 2, column: 1)) { try DBCV().evaluate(bad, labels: [0, 0, 1, 1]) }
    }

    @Test func noiseCountsInTheWeights() throws {
        // The same clusters with extra far-away noise rows: every cluster validity is unchanged,
        // the index shrinks by the clustered share.
        let fixture = DBCVFixture.shared
        let c = fixture.cases.first { $0.dataset == "blobs" && $0.labels_name == "truth" }!
        let data = fixture.matrix(c.dataset)
        var values = data.storage
        for i in 0..<50 { values += [100 + Float(i), -100] }
        let padded = try Matrix(rows: data.rows + 50, columns: 2, values: values)
        let base = try DBCV().evaluate(data, labels: c.labels)
        let withNoise = try DBCV().evaluate(padded, labels: c.labels + [Int](repeating: -1, count: 50))
        #expect(withNoise.clusterValidities == base.clusterValidities)
        #expect(isClose(withNoise.score, base.score * Double(data.rows) / Double(data.rows + 50), relative: 1e-12))
        #expect(isClose(withNoise.noiseFraction, 50.0 / 200.0))
    }

    @Test func subsampleIsSeededAndCloseToExact() throws {
        let fixture = DBCVFixture.shared
        let c = fixture.cases.first { $0.dataset == "varied_5d" && $0.labels_name == "truth" }!
        let data = fixture.matrix(c.dataset)
        let a = try DBCV(sampleSize: 120, seed: 3).evaluate(data, labels: c.labels)
        let b = try DBCV(sampleSize: 120, seed: 3).evaluate(data, labels: c.labels)
        let other = try DBCV(sampleSize: 120, seed: 4).evaluate(data, labels: c.labels)
        #expect(a == b)
        #expect(a.isSampled && a.evaluatedCount < data.rows)
        #expect(a.clusterSizes == [60, 25, 90])
        #expect(a.score != other.score)
        #expect(abs(a.score - c.score!) < 0.1, "sampled \(a.score) vs exact \(c.score!)")
        // A sample as large as the clustered rows is the exact index.
        let whole = try DBCV(sampleSize: data.rows, seed: 3).evaluate(data, labels: c.labels)
        #expect(!whole.isSampled && isClose(whole.score, c.score!, relative: 1e-6))
    }
}
