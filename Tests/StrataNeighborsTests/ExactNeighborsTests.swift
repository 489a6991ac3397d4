import Testing
import StrataCore
import StrataNeighbors
import _StrataTestSupport

@Test(arguments: ["low8", "wide60", "odd37", "duplicates"])
func exactNeighborsMatchScikitLearn(name: String) throws {
    let cases = try NeighborsFixtures.load("knn.json", as: [KNNCase].self)
    let c = try #require(cases.first { $0.name == name })
    let graph = try ExactNeighbors(k: c.k).fit(c.data)
    for (a, b) in zip(graph.distances, c.self_distances) { #expect(isClose(Double(a), b, relative: 1e-5, absolute: 1e-5)) }
    if name == "duplicates" {
        // scikit-learn's brute force orders exact ties as its heap leaves them; Strata by index.
        // Rows must agree as sets within each group of equal distance that ends before column k.
        for i in 0..<c.rows {
            let ours = Array(graph.neighbors(of: i)).map(Int.init), dist = Array(graph.neighborDistances(of: i))
            let theirs = Array(c.self_indices[(i * c.k)..<((i + 1) * c.k)])
            var start = 0
            while start < c.k {
                var end = start + 1
                while end < c.k && dist[end] == dist[start] { end += 1 }
                if end < c.k { #expect(Set(ours[start..<end]) == Set(theirs[start..<end]), "row \(i)") }
                start = end
            }
        }
    } else {
        #expect(graph.indices.map(Int.init) == c.self_indices)
    }
    if c.queries > 0 {
        let q = try ExactNeighbors(k: c.k).query(c.queryMatrix, in: c.data)
        #expect(q.indices.map(Int.init) == c.query_indices)
        for (a, b) in zip(q.distances, c.query_distances) { #expect(isClose(Double(a), b, relative: 1e-5, absolute: 1e-5)) }
    }
}

/// The blocked search against a plain exact scan, on sizes that exercise partial tiles and panels.
@Test(arguments: [(1, 1, 1), (7, 3, 2), (70, 5, 9), (300, 17, 15), (515, 64, 10)])
func blockedSearchEqualsExactScan(n: Int, d: Int, k: Int) throws {
    var g = SeededGenerator(seed: UInt64(n * 31 + d))
    // Coarse values force many exact ties: ordering must still be by (distance, index).
    let values = (0..<(n * d)).map { _ in Float(g.nextInt(below: 4)) * 0.5 + 100 }
    let m = try Matrix(rows: n, columns: d, values: values)
    let graph = try ExactNeighbors(k: k, includeSelf: true).fit(m)
    for i in 0..<n {
        var all = [(Double, Int32)]()
        for j in 0..<n {
            var s = 0.0
            for c in 0..<d { let v = Double(m[i, c]) - Double(m[j, c]); s += v * v }
            all.append((s, Int32(j)))
        }
        all.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        #expect(Array(graph.neighbors(of: i)) == all.prefix(k).map { $0.1 })
        #expect(Array(graph.neighborDistances(of: i)) == all.prefix(k).map { Float($0.0.squareRoot()) })
    }
}

@Test func exactNeighborsValidation() throws {
    let m = try Matrix(rows: 3, columns: 2, values: [0, 0, 1, 1, 2, 2])
    #expect(throws: StrataError.self) { try ExactNeighbors(k: 3).fit(m) }
    #expect(throws: StrataError.self) { try ExactNeighbors(k: 0).fit(m) }
    let bad = try Matrix(rows: 2, columns: 2, values: [0, 0, 1, .nan])
    #expect(throws: StrataError.nonFinite(row: 1, column: 1)) { try ExactNeighbors(k: 1).fit(bad) }
    #expect(throws: StrataError.self) { try ExactNeighbors(k: 1).query(Matrix(rows: 1, columns: 3), in: m) }
}

/// Finite values whose squared differences overflow Float were found by the fuzzer (a UMAP model
/// holding 1.6e37): the search must refuse them with the cell, not read unfilled slots.
@Suite struct ExactNeighborsRangeTests {
    @Test func hugeFiniteValuesAreRefusedWithTheirCell() throws {
        let data = try Matrix(rows: 3, columns: 2, values: [0, 0, 1, 1, 1.6e37, 2])
        #expect(throws: StrataError.self) { try ExactNeighbors(k: 1).fit(data) }
        do { _ = try ExactNeighbors(k: 1).fit(data) } catch { #expect(String(describing: error).contains("row 3, column 1")) }
        let ordinary = try Matrix(rows: 3, columns: 2, values: [0, 0, 1, 1, 1e15, 2])
        #expect(try ExactNeighbors(k: 1).fit(ordinary).indices.count == 3)
    }
}

/// Large queries go through a partitioned reference that skips far panels (ExactNeighbors
/// switches to it from 2,048 queries into 8,192 rows): the answer must be the plain search's,
/// ties included, on clustered rows, coarse rows full of exact ties, duplicates and outliers.
@Suite struct ExactNeighborsPartitionTests {
    func rows(_ count: Int, columns d: Int, _ g: inout SeededGenerator) throws -> Matrix {
        var values = [Float]()
        for r in 0..<count {
            let blob = r % 7
            for c in 0..<d {
                switch r % 5 {
                case 0: values.append(Float(g.nextInt(below: 3)))                              // exact ties
                case 1: values.append(Float(g.nextGaussian()) * 40)                             // spread out
                default: values.append(Float(blob * (c % 3 + 1)) * 3 + Float(g.nextGaussian()) * 0.3)
                }
            }
        }
        return try Matrix(rows: count, columns: d, values: values)
    }

    @Test(arguments: [(12, 15), (3, 5), (40, 1)])
    func partitionedSearchEqualsThePlainOne(d: Int, k: Int) throws {
        var g = SeededGenerator(seed: UInt64(d * 100 + k))
        var reference = try rows(8_192, columns: d, &g)
        // Duplicated reference rows: equal distances ordered by index whatever the visiting order.
        for r in 0..<200 { for c in 0..<d { reference[7_900 + r, c] = reference[r, c] } }
        var queries = try rows(2_100, columns: d, &g)
        for r in 0..<100 { for c in 0..<d { queries[r, c] = reference[r * 3, c] } }
        let whole = try ExactNeighbors(k: k).query(queries, in: reference)
        var indices = [Int32](), distances = [Float]()
        for range in [0..<1_000, 1_000..<2_100] {
            let part = try Matrix(rows: range.count, columns: d, values: Array(queries.storage[(range.lowerBound * d)..<(range.upperBound * d)]))
            let plain = try ExactNeighbors(k: k).query(part, in: reference)
            indices += plain.indices; distances += plain.distances
        }
        #expect(whole.indices == indices)
        #expect(whole.distances == distances)
    }
}
