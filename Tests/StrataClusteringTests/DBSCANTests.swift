import Foundation
import Testing
import StrataCore
import StrataClustering
import _StrataTestSupport

/// A scikit-learn DBSCAN fixture (`neighbors/dbscan_<name>.json`, `dbscan_grid/dbscan_grid_<name>.json`).
struct DBSCANReference: Decodable {
    let name: String
    let rows: Int, columns: Int
    let X: [Double]
    let eps: Double
    let min_samples: Int
    let labels: [Int]
    let core_sample_indices: [Int]
    let contested_borders: Int
    /// Pairs at exactly eps (grid fixtures only).
    let pairs_at_eps: Int?
    var data: Matrix { try! Matrix(rows: rows, columns: columns, values: X.map(Float.init)) }

    static func load(_ name: String, from file: String = "neighbors/dbscan_") throws -> DBSCANReference {
        let url = fixturesDirectory().appendingPathComponent("\(file)\(name).json")
        return try JSONDecoder().decode(DBSCANReference.self, from: Data(contentsOf: url))
    }
}

@Test(arguments: ["blobs_noise", "moons", "anisotropic", "duplicates", "blobs5d", "touching"])
func dbscanMatchesScikitLearn(name: String) throws {
    let ref = try DBSCANReference.load(name)
    let model = try DBSCAN(epsilon: Float(ref.eps), minSamples: ref.min_samples).fit(ref.data)
    // Identical outright: same numbering (discovery order) and same border choices.
    #expect(model.labels == ref.labels)
    #expect(model.coreSampleIndices == ref.core_sample_indices)
    #expect(model.components.rows == ref.core_sample_indices.count)
    #expect(model.clusterCount == (ref.labels.max() ?? -1) + 1)
}

@Test func dbscanBorderPointsGoToTheFirstCluster() throws {
    let ref = try DBSCANReference.load("touching")
    #expect(ref.contested_borders > 0)   // the fixture really has contested border points
    let model = try DBSCAN(epsilon: Float(ref.eps), minSamples: ref.min_samples).fit(ref.data)
    #expect(model.labels == ref.labels)
}

@Test func dbscanPredictUsesNearestCoreWithinEpsilon() throws {
    let ref = try DBSCANReference.load("blobs_noise")
    let model = try DBSCAN(epsilon: Float(ref.eps), minSamples: ref.min_samples).fit(ref.data)
    // Core rows predict their own label.
    let cores = ref.data.selectingRows(model.coreSampleIndices)
    #expect(try model.predict(cores) == model.coreSampleIndices.map { model.labels[$0] })
    // A far point is noise; a point next to a core joins its cluster.
    let c0 = model.coreSampleIndices[0]
    let near = try Matrix(rows: 2, columns: 2, values: [ref.data[c0, 0] + 0.01, ref.data[c0, 1], 1000, 1000])
    #expect(try model.predict(near) == [model.labels[c0], -1])
    #expect(throws: StrataError.self) { try model.predict(Matrix(rows: 1, columns: 3)) }
    // Brute-force check of the rule on the training rows.
    let predicted = try model.predict(ref.data)
    for i in 0..<ref.rows {
        var best = -1
        var bestD = Double.infinity
        for (t, c) in model.coreSampleIndices.enumerated() {
            var s = 0.0
            for d in 0..<ref.columns { let v = Double(ref.data[i, d]) - Double(model.components[t, d]); s += v * v }
            if s < bestD { bestD = s; best = c }
        }
        let expected = bestD <= ref.eps * ref.eps ? model.labels[best] : -1
        #expect(predicted[i] == expected)
    }
}

@Test func dbscanValidationAndEdgeCases() throws {
    let m = try Matrix(rows: 3, columns: 2, values: [0, 0, 0, 0, 5, 5])
    #expect(throws: StrataError.self) { try DBSCAN(epsilon: 0).fit(m) }
    #expect(throws: StrataError.self) { try DBSCAN(epsilon: .nan).fit(m) }
    #expect(throws: StrataError.self) { try DBSCAN(epsilon: 1, minSamples: 0).fit(m) }
    let bad = try Matrix(rows: 2, columns: 2, values: [0, 0, .nan, 1])
    #expect(throws: StrataError.nonFinite(row: 1, column: 0)) { try DBSCAN(epsilon: 1).fit(bad) }
    // One row: a core point with minSamples = 1, noise otherwise.
    let one = try Matrix(rows: 1, columns: 2, values: [1, 2])
    #expect(try DBSCAN(epsilon: 1, minSamples: 1).fit(one).labels == [0])
    #expect(try DBSCAN(epsilon: 1, minSamples: 2).fit(one).labels == [-1])
    // Identical rows: one cluster.
    let same = Matrix(rows: 20, columns: 3, repeating: 4)
    #expect(try DBSCAN(epsilon: 0.1, minSamples: 5).fit(same).labels == [Int](repeating: 0, count: 20))
    // More minSamples than rows: all noise.
    #expect(try DBSCAN(epsilon: 10, minSamples: 4).fit(m).labels == [-1, -1, -1])
    #expect(try DBSCAN(epsilon: 1, minSamples: 2).fit(m).labels == [0, 0, -1])
    // An empty input throws, as scikit-learn does (0 samples).
    #expect(throws: StrataError.self) { try DBSCAN(epsilon: 1).fit(Matrix(rows: 0, columns: 2)) }
}

@Test func dbscanRefitIsIdentical() throws {
    let ref = try DBSCANReference.load("moons")
    let a = try DBSCAN(epsilon: Float(ref.eps), minSamples: ref.min_samples).fit(ref.data)
    let b = try DBSCAN(epsilon: Float(ref.eps), minSamples: ref.min_samples).fit(ref.data)
    #expect(a == b)
    let data = try JSONEncoder().encode(a)
    #expect(try JSONDecoder().decode(DBSCAN.Model.self, from: data) == a)
}
