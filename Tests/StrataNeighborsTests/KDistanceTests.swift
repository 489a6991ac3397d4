import Testing
import StrataCore
import StrataNeighbors
import _StrataTestSupport

@Test(arguments: ["exp", "square", "hinge", "noisy", "steps", "flat", "two", "kdist_like"])
func kneeEqualsKneed(name: String) throws {
    let cases = try NeighborsFixtures.load("knee.json", as: [KneeCase].self)
    let c = try #require(cases.first { $0.name == name })
    let result = KDistance.knee(ofSortedCurve: c.curve.map(Float.init))
    #expect(result.kneeIndex == c.knee_index)
    #expect(result.value.map(Double.init) == c.knee_value)
}

@Test(arguments: NeighborsFixtures.dbscanNames)
func kDistanceCurveAndKneeMatchReference(name: String) throws {
    let c = try NeighborsFixtures.load("dbscan_\(name).json", as: DBSCANCase.self)
    let result = try KDistance(k: c.k).knee(c.data)
    #expect(result.curve.count == c.kdistance_curve.count)
    for (a, b) in zip(result.curve, c.kdistance_curve) { #expect(isClose(Double(a), b, relative: 1e-5, absolute: 1e-6)) }
    #expect(result.kneeIndex == c.knee_index)
    if let v = result.value, let w = c.knee_value { #expect(isClose(Double(v), w, relative: 1e-5, absolute: 1e-6)) }
}

@Test func kDistanceHighDimensionUsesExactSearch() throws {
    let cases = try NeighborsFixtures.load("knn.json", as: [KNNCase].self)
    let c = try #require(cases.first { $0.name == "wide60" })
    // k = 1 counts the row itself: all zeros. k = 2: the nearest other row (sklearn's first column).
    #expect(try KDistance(k: 1).curve(c.data).allSatisfy { $0 == 0 })
    let curve = try KDistance(k: 2).curve(c.data)
    let expected = (0..<c.rows).map { Float(c.self_distances[$0 * c.k]) }.sorted()
    for (a, b) in zip(curve, expected) { #expect(abs(a - b) <= 1e-5 * b) }
}

@Test func kDistanceValidationAndSuggestion() throws {
    let m = try Matrix(rows: 3, columns: 2, values: [0, 0, 1, 1, 2, 2])
    #expect(throws: StrataError.self) { try KDistance(k: 4).knee(m) }
    #expect(throws: StrataError.self) { try KDistance(k: 0).knee(m) }
    let bad = try Matrix(rows: 2, columns: 1, values: [0, .nan])
    #expect(throws: StrataError.nonFinite(row: 1, column: 0)) { try KDistance(k: 1).knee(bad) }
    #expect(KDistance.suggestedMinSamples(rows: 1_000_000, columns: 2) == 14)
    #expect(KDistance.suggestedMinSamples(rows: 100, columns: 10) == 20)
    #expect(KDistance.suggestedMinSamples(rows: 1, columns: 1) == 3)
}

/// A curve searched in a tree the caller already built (a sweep worker's DBSCAN tree) is the
/// curve ``KDistance/curve(_:)`` computes, on every reference set and k; a tree of other rows,
/// or built with another leaf size, is refused rather than searched.
@Test(arguments: NeighborsFixtures.dbscanNames)
func kDistanceCurveInAGivenTreeIsTheSameCurve(name: String) throws {
    let c = try NeighborsFixtures.load("dbscan_\(name).json", as: DBSCANCase.self)
    let tree = try KDTree(c.data)
    for k in [1, 2, c.k, min(c.data.rows, 3 * c.k)] {
        #expect(try KDistance(k: k).curve(c.data, tree: tree) == KDistance(k: k).curve(c.data), "k = \(k)")
    }
    var moved = c.data
    moved[c.data.rows - 1, 0] += 1
    #expect(throws: StrataError.self) { try KDistance(k: c.k).curve(moved, tree: tree) }
    #expect(throws: StrataError.self) { try KDistance(k: c.k).curve(c.data, tree: KDTree(c.data, leafSize: 5)) }
    let fewer = c.data.selectingRows(Array(0..<(c.data.rows - 1)))
    #expect(throws: StrataError.self) { try KDistance(k: c.k).curve(fewer, tree: tree) }
}
