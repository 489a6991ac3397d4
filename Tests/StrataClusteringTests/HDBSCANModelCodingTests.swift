import Foundation
import Testing
import StrataCore
import StrataClustering

/// A fitted HDBSCAN's trees are stored as columns; the older list-of-records form still reads,
/// and columns of different lengths are a decoding error, not a trap.
@Suite struct HDBSCANModelCodingTests {
    func model() throws -> HDBSCAN.Model {
        var g = SeededGenerator(seed: 5)
        let values = (0..<(300 * 2)).map { i in Float(g.nextGaussian()) + Float((i / 2) % 3) * 6 }
        return try HDBSCAN(minimumClusterSize: 10).fit(try Matrix(rows: 300, columns: 2, values: values))
    }

    @Test func columnsRoundTrip() throws {
        let fitted = try model()
        let json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(fitted)) as! [String: Any]
        let tree = json["condensedTree"] as! [String: Any]
        #expect((tree["parents"] as! [Int]).count == fitted.condensedTree.rows.count)
        #expect(tree["rows"] == nil)
        #expect((json["singleLinkageTree"] as! [String: Any])["left"] != nil)
        #expect(try JSONDecoder().decode(HDBSCAN.Model.self, from: try JSONEncoder().encode(fitted)) == fitted)
    }

    @Test func recordsOfEarlierFilesStillDecode() throws {
        let fitted = try model()
        var json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(fitted)) as! [String: Any]
        json["condensedTree"] = ["pointCount": fitted.condensedTree.pointCount, "rows": fitted.condensedTree.rows.map {
            ["parent": $0.parent, "child": $0.child, "lambda": $0.lambda, "childSize": $0.childSize] as [String: Any]
        }] as [String: Any]
        json["singleLinkageTree"] = ["merges": fitted.singleLinkageTree.merges.map {
            ["left": $0.left, "right": $0.right, "distance": $0.distance, "size": $0.size] as [String: Any]
        }]
        let legacy = try JSONSerialization.data(withJSONObject: json)
        #expect(try JSONDecoder().decode(HDBSCAN.Model.self, from: legacy) == fitted)
    }

    @Test func columnsOfDifferentLengthsAreRefused() throws {
        let fitted = try model()
        var json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(fitted)) as! [String: Any]
        var tree = json["condensedTree"] as! [String: Any]
        tree["lambdas"] = Array((tree["lambdas"] as! [Double]).dropLast())
        json["condensedTree"] = tree
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(HDBSCAN.Model.self, from: try JSONSerialization.data(withJSONObject: json)) }
        json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(fitted)) as! [String: Any]
        var linkage = json["singleLinkageTree"] as! [String: Any]
        linkage["size"] = [1]
        json["singleLinkageTree"] = linkage
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(HDBSCAN.Model.self, from: try JSONSerialization.data(withJSONObject: json)) }
    }
}
