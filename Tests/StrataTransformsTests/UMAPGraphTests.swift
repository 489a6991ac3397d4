import Foundation
import Testing
import StrataCore
import StrataNeighbors
import StrataTransforms
import _StrataTestSupport

@Test func curveParametersMatchFindABParams() throws {
    let cases = try UMAPFixtures.reference()["ab"] as! [[String: Double]]
    for c in cases {
        let (a, b) = UMAPCurve.fit(spread: c["spread"]!, minimumDistance: c["minimumDistance"]!)
        #expect(abs(a - c["a"]!) <= 1e-3, "a for \(c)")
        #expect(abs(b - c["b"]!) <= 1e-3, "b for \(c)")
    }
}

@Test func membershipStrengthsMatchFuzzySimplicialSet() throws {
    let cases = try UMAPFixtures.reference()["fuzzy"] as! [[String: Any]]
    for c in cases {
        let prefix = c["prefix"] as! String
        let k = c["k"] as! Int
        let idx = try UMAPFixtures.rows("\(prefix)_knn_indices.csv")
        let dist = try UMAPFixtures.rows("\(prefix)_knn_distances.csv")
        let n = idx.count
        let knn = NeighborGraph(count: n, k: k, indices: idx.flatMap { $0.map { Int32($0) } },
                                distances: dist.flatMap { $0.map { Float($0) } })
        let umap = UMAP(neighborCount: k, setOpMixRatio: c["setOpMixRatio"] as! Double,
                        localConnectivity: c["localConnectivity"] as! Double)
        let graph = umap.fuzzyGraph(neighbors: knn)
        let expected = try UMAPFixtures.rows("\(prefix)_graph.csv")
        #expect(graph.edgeCount == expected.count, "\(prefix): edge count")
        var worst = 0.0
        for row in expected {
            worst = max(worst, abs(Double(graph.weight(row: Int(row[0]), column: Int(row[1]))) - row[2]))
        }
        #expect(worst <= 1e-4, "\(prefix): largest membership difference \(worst)")
        let sr = try UMAPFixtures.rows("\(prefix)_sigmas_rhos.csv")
        let (sigmas, rhos) = SmoothKNN.distances(knn.distances, count: n, k: k, neighborCount: Double(k),
                                                 localConnectivity: c["localConnectivity"] as! Double)
        for i in 0..<n {
            #expect(isClose(Double(sigmas[i]), sr[i][0], relative: 1e-4, absolute: 1e-6))
            #expect(isClose(Double(rhos[i]), sr[i][1], relative: 1e-5, absolute: 1e-6))
        }
    }
}

@Test func nanInputIsRejectedNamingTheCell() throws {
    var data = Matrix(rows: 50, columns: 3, repeating: 1)
    data[7, 2] = .nan
    #expect(throws: StrataError.nonFinite(row: 7, column: 2)) { try UMAP(seed: 1).fit(data) }
}

@Test func badHyperparametersThrow() throws {
    let data = Matrix(rows: 50, columns: 3, repeating: 1)
    #expect(throws: StrataError.self) { try UMAP(neighborCount: 1).fit(data) }
    #expect(throws: StrataError.self) { try UMAP(minimumDistance: 2, spread: 1).fit(data) }
    #expect(throws: StrataError.self) { try UMAP(neighborCount: 60).fit(data) }
}
