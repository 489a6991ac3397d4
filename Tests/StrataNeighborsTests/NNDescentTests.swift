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
    let cosine = try NNDescent(k: 10, metric: .cosine, seed: 1).fit(data)
    #expect(cosine.k == 10)
}

@Test func nnDescentIsDeterministic() throws {
    let data = customers(5000, 12, seed: 8)
    let a = try NNDescent(k: 10, includeSelf: true, seed: 5).fit(data)
    let b = try NNDescent(k: 10, includeSelf: true, seed: 5).fit(data)
    #expect(a == b)
    #expect(a.neighbors(of: 17).first == 17)
}

@Test func nnDescentRejectsNaN() {
    var data = Matrix(rows: 40, columns: 3, repeating: 1)
    data[3, 1] = .infinity
    #expect(throws: StrataError.nonFinite(row: 3, column: 1)) { try NNDescent(k: 5).fit(data) }
}
