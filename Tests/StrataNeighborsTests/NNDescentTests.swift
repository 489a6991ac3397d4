import Foundation
import Testing
import StrataCore
import StrataNeighbors
import _StrataTestSupport

private func customers(_ n: Int, _ d: Int, seed: UInt64) -> Matrix {
    var g = SeededGenerator(seed: seed)
    var m = Matrix(rows: n, columns: d)
    let profiles = (0..<6).map { _ in (0..<d).map { _ in g.nextUnit() < 0.3 } }
    for i in 0..<n {
        let s = g.nextInt(below: 6)
        for t in 0..<d where profiles[s][t] && g.nextUnit() < 0.8 { m[i, t] = Float(exp(g.nextGaussian() * 0.5)) * Float(1 + s) }
    }
    return m
}

private func recall(_ a: NeighborGraph, _ b: NeighborGraph) -> Double {
    var hits = 0
    for i in 0..<a.count { hits += Set(a.neighbors(of: i)).intersection(Set(b.neighbors(of: i))).count }
    return Double(hits) / Double(a.count * a.k)
}

@Test func nnDescentRecallAgainstExact() throws {
    let data = customers(6000, 20, seed: 4)
    let approx = try NNDescent(k: 15, seed: 1).fit(data)
    let exact = try ExactNeighbors(k: 15).fit(data)
    #expect(recall(approx, exact) >= 0.95)
    // Cosine neighbours are the Euclidean neighbours of the unit-length rows.
    let cosine = try NNDescent(k: 10, metric: .cosine, seed: 1).fit(data)
    let exactCosine = try ExactNeighbors(k: 10).fit(data.rowsNormalizedToUnitLength())
    let cosineRecall = recall(cosine, exactCosine)
    #expect(cosine.k == 10 && cosineRecall >= 0.95, "cosine recall \(cosineRecall)")
}

@Test func nnDescentIsDeterministic() throws {
    let data = customers(5000, 12, seed: 8)
    // The reverse-list and update workers follow the thread count; the graph must not.
    let a = try Parallel.withThreadCount(1) { try NNDescent(k: 10, includeSelf: true, seed: 5).fit(data) }
    let b = try Parallel.withThreadCount(2) { try NNDescent(k: 10, includeSelf: true, seed: 5).fit(data) }
    #expect(a == b)
    #expect(a.neighbors(of: 17).first == 17)
}

@Test func nnDescentRejectsNaN() {
    var data = Matrix(rows: 40, columns: 3, repeating: 1)
    data[3, 1] = .infinity
    #expect(throws: StrataError.nonFinite(row: 3, column: 1)) { try NNDescent(k: 5).fit(data) }
}

@Test func rpTreeSplitInParallelIsTheSameTree() {
    // A lone tree is built as four subtrees in parallel; inside a forest the same tree (same seed
    // and index) is built serially. The node random streams depend on the node's path only.
    let data = customers(3000, 9, seed: 3)
    let alone = RPForest.build(data, treeCount: 1, leafSize: 20, seed: 11)
    let inForest = RPForest.build(data, treeCount: 2, leafSize: 20, seed: 11)
    #expect(alone.permutations[0] == inForest.permutations[0])
    #expect(alone.leafStarts[0] == inForest.leafStarts[0])
    for i in [0, 17, 2999] { #expect(alone.leaf(ofRow: i, tree: 0).contains(Int32(i))) }
}

@Test func nnDescentRecallOnBlobsAndWideRows() throws {
    // Gaussian blobs in 10 columns (one 16-lane block per row) and 37 columns (padding inside the
    // last block), k = 15 and k = 20 (a list record of 32 entries).
    var g = SeededGenerator(seed: 21)
    for (d, k) in [(10, 15), (37, 20)] {
        var m = Matrix(rows: 4000, columns: d)
        let centers = (0..<8).map { _ in (0..<d).map { _ in Float(g.nextGaussian() * 6) } }
        for i in 0..<4000 {
            let c = centers[g.nextInt(below: 8)]
            for t in 0..<d { m[i, t] = c[t] + Float(g.nextGaussian()) }
        }
        let approx = try NNDescent(k: k, seed: 2).fit(m)
        let exact = try ExactNeighbors(k: k).fit(m)
        #expect(recall(approx, exact) >= 0.95, "d = \(d), k = \(k)")
        for i in [0, 1234, 3999] {
            let dist = approx.neighborDistances(of: i)
            #expect(zip(dist, dist.dropFirst()).allSatisfy { $0 <= $1 })
            #expect(!approx.neighbors(of: i).contains(Int32(i)))
        }
    }
}

@Test func nnDescentEdgeShapes() throws {
    // Tiny sets (lists filled from random rows), k = n − 1, duplicate rows (all distances tie),
    // widths on and around the 16-float row padding, cosine with a zero row.
    var g = SeededGenerator(seed: 5)
    func random(_ n: Int, _ d: Int) -> Matrix {
        var m = Matrix(rows: n, columns: d)
        for i in 0..<n { for t in 0..<d { m[i, t] = Float(g.nextGaussian()) } }
        return m
    }
    var duplicates = Matrix(rows: 300, columns: 4)
    for i in 0..<300 { for t in 0..<4 { duplicates[i, t] = Float(i % 3) } }
    var withZero = random(500, 7)
    for t in 0..<7 { withZero[0, t] = 0 }
    let cases: [(Matrix, NNDescent)] = [
        (random(12, 3), NNDescent(k: 11)), (random(30, 1), NNDescent(k: 5)), (random(400, 16), NNDescent(k: 10)),
        (random(400, 17), NNDescent(k: 10, includeSelf: true)), (duplicates, NNDescent(k: 8)),
        (withZero, NNDescent(k: 6, metric: .cosine)),
    ]
    for (data, method) in cases {
        let graph = try method.fit(data)
        let exact = try ExactNeighbors(k: method.k).fit(data)
        for i in 0..<data.rows {
            let row = Array(graph.neighbors(of: i)), dist = Array(graph.neighborDistances(of: i))
            #expect(Set(row).count == row.count && row.allSatisfy { $0 >= 0 && Int($0) < data.rows })
            #expect(method.includeSelf ? row.first == Int32(i) : !row.contains(Int32(i)))
            #expect(zip(dist, dist.dropFirst()).allSatisfy { $0 <= $1 } && dist.allSatisfy(\.isFinite))
        }
        // k = n − 1: every other row is a neighbour. (Otherwise a tiny set gets one tree whose two
        // leaves the join never connects, so recall there is not a fair test.)
        if method.k == data.rows - 1 { #expect(recall(graph, exact) == 1) }
    }
}
