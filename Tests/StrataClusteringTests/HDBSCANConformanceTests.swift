import Foundation
import Testing
import StrataCore
import StrataClustering
import _StrataTestSupport

@Suite("HDBSCAN conformance and edge cases")
struct HDBSCANConformanceTests {
    static func blobs(_ n: Int = 300, seed: UInt64 = 7) -> Matrix {
        var g = SeededGenerator(seed: seed)
        var values = [Float]()
        for i in 0..<n {
            let centre: Float = i % 3 == 0 ? 0 : (i % 3 == 1 ? 8 : -8)
            values.append(centre + Float(g.nextGaussian()))
            values.append(centre / 2 + Float(g.nextGaussian()))
        }
        return try! Matrix(rows: n, columns: 2, values: values)
    }

    @Test("invalid configurations throw a message naming the parameter")
    func invalidConfigurations() {
        let data = Self.blobs(20)
        let bad: [(HDBSCAN, String)] = [
            (HDBSCAN(minimumClusterSize: 1), "minimumClusterSize"),
            (HDBSCAN(minimumClusterSize: 5, minSamples: 0), "minSamples"),
            (HDBSCAN(clusterSelectionEpsilon: -1), "clusterSelectionEpsilon"),
            (HDBSCAN(clusterSelectionEpsilon: .nan), "clusterSelectionEpsilon"),
            (HDBSCAN(alpha: 0), "alpha"),
            (HDBSCAN(maximumClusterSize: -3), "maximumClusterSize"),
        ]
        for (config, word) in bad {
            #expect(throws: StrataError.self) { try config.fit(data) }
            do { _ = try config.fit(data) } catch { #expect(error.description.contains(word), "\(error)") }
        }
        #expect(throws: StrataError.self) { try HDBSCAN().fit(Matrix(rows: 0, columns: 2)) }
    }

    @Test("NaN and infinity are rejected naming row and column")
    func nonFinite() throws {
        var data = Self.blobs(30)
        data[17, 1] = .nan
        #expect(throws: StrataError.nonFinite(row: 17, column: 1)) { try HDBSCAN().fit(data) }
        data[17, 1] = 0
        data[3, 0] = .infinity
        #expect(throws: StrataError.nonFinite(row: 3, column: 0)) { try HDBSCAN().fit(data) }
        let model = try HDBSCAN().fit(Self.blobs(30))
        var query = Matrix(rows: 2, columns: 2)
        query[1, 1] = -.infinity
        #expect(throws: StrataError.nonFinite(row: 1, column: 1)) { try model.approximatePredict(query) }
        #expect(throws: StrataError.self) { try model.approximatePredict(Matrix(rows: 1, columns: 3)) }
    }

    @Test("a refit is identical (deterministic on any thread count), Borůvka equals Prim")
    func deterministic() throws {
        let data = Self.blobs(3000, seed: 11)
        let config = HDBSCAN(minimumClusterSize: 20)
        let a = try Parallel.withThreadCount(1) { try config.fit(data) }
        let b = try Parallel.withThreadCount(2) { try config.fit(data) }
        #expect(a == b)
        var prim = config
        prim.algorithm = .prim
        let c = try prim.fit(data)
        #expect(c.singleLinkageTree.merges.map(\.distance).sorted() == a.singleLinkageTree.merges.map(\.distance).sorted())
        #expect(c.clusterCount == a.clusterCount)
        let decoded = try JSONDecoder().decode(HDBSCAN.Model.self, from: JSONEncoder().encode(a))
        #expect(try decoded.approximatePredict(data).labels == a.approximatePredict(data).labels)
    }

    @Test("thousands of identical rows stay fast and follow the package's small-case answer")
    func manyIdenticalRows() throws {
        // The package labels all-identical rows as noise (fixture "identical"); 6,000 of them must
        // not make the tie-heavy spanning-tree search quadratic.
        let same = try HDBSCAN(minimumClusterSize: 5).fit(Matrix(rows: 6000, columns: 2, repeating: 1))
        #expect(same.labels.allSatisfy { $0 == -1 })
        var stacked = Matrix(rows: 8000, columns: 2)
        for r in 4000..<8000 { stacked[r, 0] = 5; stacked[r, 1] = 5 }
        let two = try HDBSCAN(minimumClusterSize: 5).fit(stacked)
        #expect(two.clusterCount == 2)
        #expect(two.labels[0] != two.labels[7999] && !two.labels.contains(-1))
    }

    @Test("one row is noise")
    func oneRow() throws {
        let model = try HDBSCAN().fit(Matrix(rows: 1, columns: 3, repeating: 2))
        #expect(model.labels == [-1])
        #expect(model.probabilities == [0])
        #expect(try model.predict(Matrix(rows: 2, columns: 3)) == [-1, -1])
    }

    @Test("tiny and degenerate inputs match the package", arguments: ["identical", "two_rows", "two_stacks", "min_samples_above_n"])
    func edgeCases(_ name: String) throws {
        let url = fixturesDirectory().appendingPathComponent("hdbscan/edge_cases.json")
        let all = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [[String: Any]]
        let c = all.first { ($0["name"] as! String) == name }!
        let data = try Matrix((c["data"] as! [[Double]]).map { $0.map(Float.init) })
        let p = c["parameters"] as! [String: Int]
        let model = try HDBSCAN(minimumClusterSize: p["min_cluster_size"]!, minSamples: p["min_samples"]).fit(data)
        #expect(model.labels == c["labels"] as! [Int])
        #expect(model.probabilities == (c["probabilities"] as! [Any]).map { ($0 as? Double) ?? Double($0 as! Int) })
        let scores = (c["outlier_scores"] as! [Any]).map { ($0 as? Double) ?? ($0 as? Int).map(Double.init) ?? 1 }
        #expect(model.outlierScores.count == scores.count)
        #expect(zip(model.outlierScores, scores).allSatisfy { isClose($0, $1, relative: 1e-9, absolute: 1e-12) })
    }
}
