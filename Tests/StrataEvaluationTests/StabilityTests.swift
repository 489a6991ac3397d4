import Foundation
import StrataClustering
import StrataCore
import StrataEvaluation
import Testing
import _StrataTestSupport

@Suite struct StabilityTests {
    struct Overlap: Decodable {
        let rows_a: [Int]; let labels_a: [Int]; let rows_b: [Int]; let labels_b: [Int]
        let shared: Int; let ari: Double
    }
    struct Fixture: Decodable { let overlaps: [Overlap] }

    @Test func pairAgreementMatchesSklearnOnTheSharedRows() throws {
        let url = fixturesDirectory().appendingPathComponent("dbcv/dbcv.json")
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        #expect(fixture.overlaps.count == 4)
        for o in fixture.overlaps {
            let a = try Stability.agreement(rows: o.rows_a, labels: o.labels_a, rows: o.rows_b, labels: o.labels_b)
            #expect(a.sharedRows == o.shared)
            #expect(isClose(a.adjustedRandIndex, o.ari, relative: 1e-12), "\(a.adjustedRandIndex) vs sklearn \(o.ari)")
        }
    }

    static func blobs(seed: UInt64) throws -> Matrix {
        var g = SeededGenerator(seed: seed)
        var values = [Float]()
        let centres: [(Float, Float)] = [(0, 0), (20, 0), (0, 20), (20, 20)]
        for i in 0..<800 {
            let c = centres[i % 4]
            values += [c.0 + Float(g.nextGaussian()), c.1 + Float(g.nextGaussian())]
        }
        return try Matrix(rows: 800, columns: 2, values: values)
    }

    static func uniform(seed: UInt64) throws -> Matrix {
        var g = SeededGenerator(seed: seed)
        return try Matrix(rows: 800, columns: 2, values: (0..<1600).map { _ in g.nextUnitFloat() })
    }

    static func kMeans(_ k: Int) -> (Matrix, UInt64) throws -> [Int] {
        { rows, seed in try KMeans(clusterCount: k, initCount: 1, seed: seed).fit(rows).labels }
    }

    @Test func separatedBlobsAreStableAndUniformNoiseIsNot() throws {
        let stable = try Stability(seed: 1).evaluate(Self.blobs(seed: 2), cluster: Self.kMeans(4))
        let unstable = try Stability(seed: 1).evaluate(Self.uniform(seed: 2), cluster: Self.kMeans(8))
        #expect(stable.pairs.count == 10)
        #expect(stable.subsampleSize == 640)
        #expect(stable.meanARI > 0.99, "blobs: \(stable.meanARI)")
        #expect(unstable.meanARI < stable.meanARI - 0.1, "uniform k=8: \(unstable.meanARI)")
        #expect(stable.pairs.allSatisfy { $0.sharedRows > 400 && $0.sharedRows < 640 })
    }

    @Test func sameSeedSameResultAndRunsGetDistinctSeeds() throws {
        let data = try Self.uniform(seed: 5)
        var seen = [UInt64]()
        let a = try Stability(repeats: 3, fraction: 0.5, seed: 9).evaluate(data) { rows, seed in
            seen.append(seed)
            return try Self.kMeans(5)(rows, seed)
        }
        let b = try Stability(repeats: 3, fraction: 0.5, seed: 9).evaluate(data, cluster: Self.kMeans(5))
        #expect(a == b)
        #expect(Set(seen).count == 3)
    }

    @Test func noiseIsNeverAClusterOfItsOwn() throws {
        // Runs that agree on the clusters but each call a different half of the rows noise:
        // if noise were one label the shared noise rows would look like one agreed cluster.
        let rowsA = Array(0..<10), rowsB = Array(0..<10)
        let labelsA = [0, 0, 1, 1, -1, -1, -1, -1, 2, 2]
        let labelsB = [0, 0, 1, 1, -1, -1, -1, -1, 2, 2]
        let same = try Stability.agreement(rows: rowsA, labels: labelsA, rows: rowsB, labels: labelsB)
        #expect(same.adjustedRandIndex == 1)
        let grouped = try Stability.agreement(rows: rowsA, labels: labelsA, rows: rowsB, labels: [0, 0, 1, 1, 3, 3, 3, 3, 2, 2])
        #expect(grouped.adjustedRandIndex < 1)
    }

    @Test func badSettingsAndBadClosuresThrow() throws {
        let data = try Self.uniform(seed: 1)
        #expect(throws: StrataError.self) { try Stability(repeats: 1).evaluate(data, cluster: Self.kMeans(2)) }
        #expect(throws: StrataError.self) { try Stability(fraction: 0).evaluate(data, cluster: Self.kMeans(2)) }
        #expect(throws: StrataError.self) { try Stability().evaluate(data) { rows, _ in [Int](repeating: 0, count: rows.rows - 1) } }
        #expect(throws: StrataError.self) { try Stability().evaluate(data) { rows, _ in [Int](repeating: -3, count: rows.rows) } }
    }
}
