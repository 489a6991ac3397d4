import Testing
import StrataCore
import StrataNeighbors
import _StrataTestSupport

private func randomMatrix(_ n: Int, _ d: Int, seed: UInt64, grid: Bool = false) -> Matrix {
    var g = SeededGenerator(seed: seed)
    let v = (0..<(n * d)).map { _ in grid ? Float(g.nextInt(below: 6)) * 0.25 : Float(g.nextGaussian()) }
    return try! Matrix(rows: n, columns: d, values: v)
}

@Test(arguments: [(2, false), (3, false), (5, false), (10, false), (2, true)])
func radiusQueriesMatchBruteForce(d: Int, grid: Bool) throws {
    let m = randomMatrix(700, d, seed: UInt64(d), grid: grid)
    let tree = try KDTree(m, leafSize: 8)
    // On the grid many distances equal the radius exactly: `<=` must include them.
    let radius: Float = grid ? 0.5 : 0.6 * Float(d).squareRoot()
    let counts = tree.radiusCounts(within: radius)
    let capped = tree.radiusCounts(within: radius, limit: 5)
    for i in stride(from: 0, to: m.rows, by: 7) {
        var expected = [Int]()
        for j in 0..<m.rows {
            var s = 0.0
            for c in 0..<d { let v = Double(m[i, c]) - Double(m[j, c]); s += v * v }
            if s <= Double(radius) * Double(radius) { expected.append(j) }
        }
        #expect(counts[i] == expected.count)
        #expect(capped[i] == min(5, expected.count))
        var listed = [Int32]()
        tree.appendNeighbors(within: radius, ofRow: i, to: &listed)
        #expect(listed.map(Int.init).sorted() == expected)
        #expect(try tree.neighbors(within: radius, of: m.row(i)) == expected)
        #expect(try tree.count(within: radius, of: m.row(i)) == expected.count)
        // Position API: the same neighbours, and `from:` keeps exactly the positions above it.
        let position = tree.treePosition(ofRow: i)
        var all = [Int32](), above = [Int32]()
        tree.appendNeighborPositions(within: radius, ofPosition: position, to: &all)
        tree.appendNeighborPositions(within: radius, ofPosition: position, from: position + 1, to: &above)
        #expect(all.map { tree.row(atTreePosition: Int($0)) }.sorted() == expected)
        #expect(above.sorted() == all.filter { Int($0) > position }.sorted())
    }
    let byPosition = tree.radiusCountsInTreeOrder(within: radius)
    #expect((0..<m.rows).allSatisfy { Int(byPosition[tree.treePosition(ofRow: $0)]) == counts[$0] })
}

@Test(arguments: [2, 4, 8])
func treeNearestEqualsExactNeighbors(d: Int) throws {
    let m = randomMatrix(900, d, seed: 99 + UInt64(d))
    let tree = try KDTree(m)
    let a = try tree.nearestOfRows(k: 6)
    let b = try ExactNeighbors(k: 6, includeSelf: true).fit(m)
    #expect(a.indices == b.indices)
    for (x, y) in zip(a.distances, b.distances) { #expect(abs(x - y) <= 1e-6 * max(1, y)) }
    let q = randomMatrix(50, d, seed: 5)
    let c = try tree.nearest(6, of: q)
    let e = try ExactNeighbors(k: 6).query(q, in: m)
    #expect(c.indices == e.indices)
    let single = try tree.nearest(3, of: q.row(0))
    #expect(single.map { Int32($0.row) } == Array(e.indices[0..<3]))
}

@Test func treeMatchesScikitLearnQueries() throws {
    let cases = try NeighborsFixtures.load("knn.json", as: [KNNCase].self)
    let c = try #require(cases.first { $0.name == "low8" })
    let graph = try KDTree(c.data).nearest(c.k, of: c.queryMatrix)
    #expect(graph.indices.map(Int.init) == c.query_indices)
}

@Test func treeEdgeCases() throws {
    let one = try KDTree(Matrix(rows: 1, columns: 2, values: [3, 4]))
    #expect(one.count(within: 0.1, ofRow: 0) == 1)
    #expect(try one.nearestOfRows(k: 1).distances == [0])
    let same = try KDTree(Matrix(rows: 50, columns: 3, repeating: 1))
    #expect(same.radiusCounts(within: 0.001).allSatisfy { $0 == 50 })
    #expect(try same.nearestOfRows(k: 3).neighbors(of: 7) == [0, 1, 2])
    #expect(throws: StrataError.self) { try same.nearestOfRows(k: 51) }
    #expect(throws: StrataError.nonFinite(row: 0, column: 1)) { try KDTree(Matrix(rows: 1, columns: 2, values: [0, .infinity])) }
    #expect(throws: StrataError.self) { try same.count(within: 1, of: [1, 1]) }
    #expect(throws: StrataError.self) { try KDTree(Matrix(rows: 3, columns: 0)) }
    #expect(throws: StrataError.self) { try ExactNeighbors(k: 1).fit(Matrix(rows: 3, columns: 0)) }
    let empty = try KDTree(Matrix(rows: 0, columns: 2))
    #expect(empty.radiusCounts(within: 1) == [])
}

@Test("row counts beyond the Int32 index width are refused with a message, not a trap")
func rowCountBeyondIndexWidthThrows() throws {
    try KDTreeLayout.validateRowCount(KDTreeLayout.maximumRowCount)
    let tooMany = KDTreeLayout.maximumRowCount + 1
    do {
        try KDTreeLayout.validateRowCount(tooMany)
        Issue.record("expected an error for \(tooMany) rows")
    } catch {
        #expect("\(error)".contains("at most"))
        #expect("\(error)".contains(tooMany.formatted()))
    }
}
