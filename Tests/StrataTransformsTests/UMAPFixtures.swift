import Foundation
import StrataCore
import _StrataTestSupport

/// Loading helpers for Tests/Fixtures/umap (written by make_umap.py).
enum UMAPFixtures {
    static var directory: URL { fixturesDirectory().appendingPathComponent("umap") }

    static func rows(_ name: String) throws -> [[Double]] {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        return text.split(separator: "\n").map { $0.split(separator: ",").map { Double($0)! } }
    }

    static func matrix(_ name: String) throws -> Matrix {
        try Matrix(rows(name).map { $0.map { Float($0) } })
    }

    static func reference() throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("umap_reference.json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
}
