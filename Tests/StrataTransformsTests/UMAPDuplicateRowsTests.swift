import Foundation
import Testing
import StrataCore
import StrataEvaluation
import StrataTransforms
import _StrataTestSupport

/// Duplicate-heavy, integer-valued customer data (Tests/Fixtures/umap_duplicates, written by
/// make_umap_duplicates.py): 6,000 customers × 8 RFM features aggregated from a transaction
/// table, 16 % of the rows exact repeats. Above 4,096 rows, so the kNN comes from NN-descent.
private enum DuplicateRows {
    static var directory: URL { fixturesDirectory().appendingPathComponent("umap_duplicates") }

    static func reference() throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("umap_duplicates.json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// The integer table (header skipped).
    static func table() throws -> [[Double]] {
        let text = try String(contentsOf: directory.appendingPathComponent("rfm.csv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
    }

    /// Z-scores with the population standard deviation, as the fixture script standardizes.
    static func standardized(_ rows: [[Double]]) throws -> Matrix {
        let n = Double(rows.count), columns = rows[0].count
        let mean = (0..<columns).map { c in rows.reduce(0) { $0 + $1[c] } / n }
        let std = (0..<columns).map { c in (rows.reduce(0) { $0 + ($1[c] - mean[c]) * ($1[c] - mean[c]) } / n).squareRoot() }
        return try Matrix(rows.map { row in (0..<columns).map { Float((row[$0] - mean[$0]) / std[$0]) } })
    }
}

/// Strata's mean trustworthiness over seeds 1–3 is at least umap-learn's mean − 0.005, with the
/// duplicate rows and without them. (Before the SGD kept umap-learn's tail move, moving each head
/// twice instead, the duplicates cost 0.0126 here.)
@Test(arguments: [false, true])
func duplicateHeavyCustomersAreAsTrustworthyAsUmapLearn(deduplicated: Bool) throws {
    let reference = try DuplicateRows.reference()
    var rows = try DuplicateRows.table()
    #expect(rows.count - Set(rows).count == reference["duplicateRows"] as! Int)
    if deduplicated { rows = (reference["uniqueRows"] as! [Int]).map { rows[$0] } }
    let data = try DuplicateRows.standardized(rows)
    let seeds = reference["seeds"] as! [Int]
    let expected = reference[deduplicated ? "umapTrustworthiness15Unique" : "umapTrustworthiness15"] as! [Double]
    let ours = try seeds.map { seed in
        let embedding = try UMAP(neighborCount: 15, seed: UInt64(seed)).fitTransform(data)
        return try trustworthiness(original: data, embedding: embedding, neighborCount: 15)
    }
    let mean = ours.reduce(0, +) / Double(ours.count), expectedMean = expected.reduce(0, +) / Double(expected.count)
    #expect(mean >= expectedMean - 0.005, "deduplicated \(deduplicated): Strata \(ours), umap-learn \(expected)")
}

/// The tail moves are summed per thread: the layout must still be identical on 1, 2 and 3
/// threads (11 chunks here, split three ways differently).
@Test func duplicateHeavyLayoutIsIdenticalOnAnyThreadCount() throws {
    let data = try DuplicateRows.standardized(try DuplicateRows.table())
    let config = UMAP(neighborCount: 15, epochCount: 60, seed: 2)
    let one = try Parallel.withThreadCount(1) { try config.fit(data).embedding }
    for threads in [2, 3] {
        let other = try Parallel.withThreadCount(threads) { try config.fit(data).embedding }
        #expect(one == other, "\(threads) threads")
    }
}
