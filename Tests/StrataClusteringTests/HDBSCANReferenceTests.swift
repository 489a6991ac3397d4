import Foundation
import Testing
import StrataCore
import StrataClustering
import _StrataTestSupport

/// One case written by Tests/Fixtures/hdbscan/make_hdbscan.py with the hdbscan package 0.8.44.
struct HDBSCANFixture {
    let name: String
    let data: Matrix
    let newRows: Matrix
    let json: [String: Any]

    init(_ name: String) throws {
        self.name = name
        let dir = fixturesDirectory().appendingPathComponent("hdbscan")
        data = try Self.csv(dir.appendingPathComponent("\(name).csv"))
        newRows = try Self.csv(dir.appendingPathComponent("\(name)_new.csv"))
        let raw = try Data(contentsOf: dir.appendingPathComponent("\(name).json"))
        json = try JSONSerialization.jsonObject(with: raw) as! [String: Any]
    }

    static func csv(_ url: URL) throws -> Matrix {
        let rows = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",").map { Float(String($0))! }
        }
        return try Matrix(rows)
    }

    var parameters: [String: Any] { json["parameters"] as! [String: Any] }

    /// The Strata configuration with the package's parameter values.
    var configuration: HDBSCAN {
        let p = parameters
        return HDBSCAN(minimumClusterSize: p["min_cluster_size"] as! Int,
                       minSamples: p["min_samples"] as? Int,
                       clusterSelectionMethod: (p["cluster_selection_method"] as? String) == "leaf" ? .leaf : .excessOfMass,
                       clusterSelectionEpsilon: (p["cluster_selection_epsilon"] as? Double) ?? 0,
                       allowSingleCluster: (p["allow_single_cluster"] as? Bool) ?? false)
    }

    func ints(_ key: String) -> [Int] { json[key] as! [Int] }
    /// Doubles with JSON null read as NaN.
    func doubles(_ key: String, in object: [String: Any]? = nil) -> [Double] {
        ((object ?? json)[key] as! [Any]).map { ($0 as? Double) ?? ($0 as? Int).map(Double.init) ?? .nan }
    }
}

/// Adjusted Rand index (Hubert & Arabie), noise counted as one more label as scikit-learn does.
func adjustedRandIndex(_ a: [Int], _ b: [Int]) -> Double {
    var table = [[Int]: Int](), rowSums = [Int: Int](), columnSums = [Int: Int]()
    for (x, y) in zip(a, b) { table[[x, y], default: 0] += 1; rowSums[x, default: 0] += 1; columnSums[y, default: 0] += 1 }
    func pairs(_ v: Int) -> Double { Double(v) * Double(v - 1) / 2 }
    let index = table.values.reduce(0) { $0 + pairs($1) }
    let rows = rowSums.values.reduce(0) { $0 + pairs($1) }, columns = columnSums.values.reduce(0) { $0 + pairs($1) }
    let expected = rows * columns / pairs(a.count)
    let maximum = (rows + columns) / 2
    return maximum == expected ? 1 : (index - expected) / (maximum - expected)
}

/// True when the two labelings are the same partition with noise kept as noise.
func sameUpToRenumbering(_ a: [Int], _ b: [Int]) -> Bool {
    var forward = [Int: Int](), backward = [Int: Int]()
    for (x, y) in zip(a, b) {
        if (x < 0) != (y < 0) { return false }
        if let f = forward[x], f != y { return false }
        if let g = backward[y], g != x { return false }
        forward[x] = y; backward[y] = x
    }
    return a.count == b.count
}

/// Tolerance for every real-valued output: both sides compute in double precision on the same
/// float32-rounded inputs, so only summation order differs.
let referenceTolerance = 1e-9

func close(_ a: Double, _ b: Double) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if a.isInfinite || b.isInfinite { return a == b }
    return abs(a - b) <= referenceTolerance * max(1, abs(a), abs(b))
}

@Suite("HDBSCAN against the hdbscan package")
struct HDBSCANReferenceTests {
    static let cases = ["blobs_eom", "blobs_leaf", "moons", "anisotropic", "duplicates", "varying_density",
                        "varying_density_epsilon", "varying_leaf_epsilon", "single_cluster", "blobs_5d", "blobs_24d_prim"]

    @Test("labels identical, probabilities, GLOSH scores and persistence within 1e-9", arguments: cases)
    func fitMatchesPackage(_ name: String) throws {
        let fixture = try HDBSCANFixture(name)
        let model = try fixture.configuration.fit(fixture.data)
        let expected = fixture.ints("labels")
        let ari = adjustedRandIndex(model.labels, expected)
        #expect(ari >= 0.99, "\(name): ARI \(ari)")
        #expect(model.labels == expected, "\(name): labels differ from the package's")
        #expect(sameUpToRenumbering(model.labels, expected))
        let probabilities = fixture.doubles("probabilities")
        let mismatchedProbabilities = zip(model.probabilities, probabilities).filter { !close($0, $1) }.count
        #expect(mismatchedProbabilities == 0, "\(name): \(mismatchedProbabilities) probabilities differ")
        // Where the package divides ∞ by ∞ (NaN) Strata returns the limit 1.
        let scores = fixture.doubles("outlier_scores")
        let mismatchedScores = zip(model.outlierScores, scores).filter { $1.isNaN ? $0 != 1 : !close($0, $1) }.count
        #expect(mismatchedScores == 0, "\(name): \(mismatchedScores) outlier scores differ")
        let persistence = fixture.doubles("cluster_persistence")
        #expect(persistence.count == model.clusterPersistence.count)
        #expect(zip(model.clusterPersistence, persistence).allSatisfy { close($0, $1) }, "\(name): persistence \(model.clusterPersistence) vs \(persistence)")
    }

    @Test("condensed tree rows and single-linkage heights equal the package's", arguments: cases)
    func treesMatchPackage(_ name: String) throws {
        let fixture = try HDBSCANFixture(name)
        let model = try fixture.configuration.fit(fixture.data)
        let tree = fixture.json["condensed_tree"] as! [String: Any]
        let parents = tree["parent"] as! [Int], children = tree["child"] as! [Int], sizes = tree["child_size"] as! [Int]
        let lambdas = fixture.doubles("lambda_val", in: tree).map { $0.isNaN ? Double.infinity : $0 }
        #expect(model.condensedTree.rows.count == parents.count)
        let ours = model.condensedTree.rows
        let sameRows = ours.count == parents.count && ours.indices.allSatisfy {
            ours[$0].parent == parents[$0] && ours[$0].child == children[$0] && ours[$0].childSize == sizes[$0]
                && close(ours[$0].lambda, lambdas[$0])
        }
        #expect(sameRows, "\(name): condensed tree differs")
        let heights = fixture.doubles("single_linkage_heights")
        let ourHeights = model.singleLinkageTree.merges.map(\.distance).sorted()
        #expect(ourHeights.count == heights.count)
        #expect(zip(ourHeights, heights).allSatisfy { close($0, $1) }, "\(name): spanning tree weights differ")
    }

    @Test("approximatePredict equals approximate_predict on held-out rows", arguments: cases)
    func approximatePredictMatchesPackage(_ name: String) throws {
        let fixture = try HDBSCANFixture(name)
        let model = try fixture.configuration.fit(fixture.data)
        let (labels, probabilities) = try model.approximatePredict(fixture.newRows)
        let expected = fixture.ints("predict_labels")
        let agreement = Double(zip(labels, expected).filter { $0 == $1 }.count) / Double(expected.count)
        #expect(agreement == 1, "\(name): \(agreement) of predicted labels agree")
        let expectedProbabilities = fixture.doubles("predict_probabilities")
        let mismatched = zip(probabilities, expectedProbabilities).filter { !close($0, $1) }.count
        #expect(mismatched == 0, "\(name): \(mismatched) predicted probabilities differ")
        #expect(try model.predict(fixture.newRows) == labels)
    }
}
