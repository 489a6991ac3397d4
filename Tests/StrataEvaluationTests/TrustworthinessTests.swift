import Foundation
import Testing
import StrataCore
import StrataEvaluation
import _StrataTestSupport

private func load(_ name: String) throws -> Matrix {
    let url = fixturesDirectory().appendingPathComponent("umap").appendingPathComponent(name)
    let text = try String(contentsOf: url, encoding: .utf8)
    return try Matrix(text.split(separator: "\n").map { $0.split(separator: ",").map { Float($0)! } })
}

@Test func trustworthinessMatchesSklearn() throws {
    let url = fixturesDirectory().appendingPathComponent("umap/umap_reference.json")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    for c in json["trustworthiness"] as! [[String: Any]] {
        let x = try load("\(c["dataset"] as! String).csv"), y = try load(c["embedding"] as! String)
        let t = try trustworthiness(original: x, embedding: y, neighborCount: c["neighborCount"] as! Int)
        #expect(abs(t - (c["value"] as! Double)) <= 1e-4, "\(c): got \(t)")
    }
}

@Test func sampledEstimateIsCloseToExact() throws {
    let x = try load("digits.csv"), y = try load("digits_pca2.csv")
    let exact = try trustworthiness(original: x, embedding: y, neighborCount: 15)
    let sampled = try trustworthiness(original: x, embedding: y, neighborCount: 15, exactLimit: 100, sampleSize: 400, seed: 3)
    #expect(abs(exact - sampled) < 0.01)
    #expect(sampled == (try trustworthiness(original: x, embedding: y, neighborCount: 15, exactLimit: 100, sampleSize: 400, seed: 3)))
}

@Test func trustworthinessRejectsBadInput() throws {
    let x = try load("blobs.csv")
    #expect(throws: StrataError.self) { try trustworthiness(original: x, embedding: x.selectingRows(0..<10), neighborCount: 5) }
    #expect(throws: StrataError.self) { try trustworthiness(original: x, embedding: x, neighborCount: 400) }
}
