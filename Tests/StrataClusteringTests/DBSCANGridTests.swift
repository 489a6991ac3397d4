import Foundation
import Testing
import StrataCore
import StrataClustering
import StrataNeighbors
import _StrataTestSupport

/// Grid-based joining of core points (``DBSCANGrid``) against scikit-learn: identical labels
/// (same numbering, same border choices) and core samples by every joining strategy.
private let gridCases = ["dense2d", "lattice_ties", "diagonal_ties", "dense3d", "far_outlier", "blobs5d", "blobs8d"]
private let neighborCases = ["blobs_noise", "moons", "anisotropic", "duplicates", "blobs5d", "touching"]
private let strategies: [DBSCANLabeling.Strategy] = [.automatic, .grid, .neighbors]

private func expectMatches(_ ref: DBSCANReference, _ strategy: DBSCANLabeling.Strategy) throws {
    let model = try DBSCAN(epsilon: Float(ref.eps), minSamples: ref.min_samples).fit(ref.data, strategy: strategy)
    #expect(model.labels == ref.labels, "\(ref.name) by \(strategy)")
    #expect(model.coreSampleIndices == ref.core_sample_indices, "\(ref.name) by \(strategy)")
}

@Test(arguments: gridCases, strategies)
func dbscanGridFixturesMatchScikitLearn(name: String, strategy: DBSCANLabeling.Strategy) throws {
    try expectMatches(DBSCANReference.load(name, from: "dbscan_grid/dbscan_grid_"), strategy)
}

@Test(arguments: neighborCases, strategies)
func dbscanNeighborFixturesMatchScikitLearnByEveryStrategy(name: String, strategy: DBSCANLabeling.Strategy) throws {
    try expectMatches(DBSCANReference.load(name), strategy)
}

@Test func dbscanGridFixturesHoldTheCasesTheyAreFor() throws {
    let load = { (name: String) in try DBSCANReference.load(name, from: "dbscan_grid/dbscan_grid_") }
    // Pairs at exactly eps decide core points and joins; a contested border goes to cluster 0.
    #expect(try load("lattice_ties").pairs_at_eps ?? 0 > 0)
    #expect(try load("lattice_ties").contested_borders > 0)
    #expect(try load("diagonal_ties").pairs_at_eps ?? 0 > 0)
    #expect(try load("dense3d").pairs_at_eps ?? 0 > 0)
    // Dense: some 2-D cell (side eps/√2) holds at least min_samples rows.
    let dense = try load("dense2d")
    let side = dense.eps / 2.0.squareRoot()
    var cells = [[Int]: Int]()
    for i in 0..<dense.rows {
        cells[[Int((dense.X[2 * i] / side).rounded(.down)), Int((dense.X[2 * i + 1] / side).rounded(.down))], default: 0] += 1
    }
    #expect(cells.values.max()! >= dense.min_samples)
}

@Test func dbscanGridIsIndependentOfTheThreadCount() throws {
    for name in ["dense2d", "dense3d", "lattice_ties"] {
        let ref = try DBSCANReference.load(name, from: "dbscan_grid/dbscan_grid_")
        let config = DBSCAN(epsilon: Float(ref.eps), minSamples: ref.min_samples)
        let one = try Parallel.withThreadCount(1) { try config.fit(ref.data, strategy: .grid) }
        for threads in [2, 3, 8] {
            #expect(try Parallel.withThreadCount(threads) { try config.fit(ref.data, strategy: .grid) } == one)
        }
    }
}

@Test func dbscanGridRefusesDataSpreadOverTooManyCells() throws {
    let ref = try DBSCANReference.load("far_outlier", from: "dbscan_grid/dbscan_grid_")
    let data = ref.data
    let tree = try KDTree(data)
    let all = (0..<data.rows).map { Int32($0) }
    // Ten million units at epsilon 1/16 is more cells per dimension than the grid stores.
    #expect(DBSCANGrid(data: data, tree: tree, corePositions: all, epsilon: Float(ref.eps)) == nil)
    let near = all.filter { abs(data[tree.row(atTreePosition: Int($0)), 0]) < 100 }
    let grid = try #require(DBSCANGrid(data: data, tree: tree, corePositions: near, epsilon: Float(ref.eps)))
    #expect(grid.cellCount < near.count)   // dense cells are shared
}

/// A tree built once and passed to `fit(_:tree:)` (as a sweep does for every eps on one
/// embedding) gives scikit-learn's labels for every eps; a tree of another shape is refused.
@Test func dbscanWithAPrebuiltTreeMatchesScikitLearn() throws {
    for name in neighborCases {
        let ref = try DBSCANReference.load(name)
        let tree = try KDTree(ref.data)
        let model = try DBSCAN(epsilon: Float(ref.eps), minSamples: ref.min_samples).fit(ref.data, tree: tree)
        #expect(model.labels == ref.labels, "\(name)")
        #expect(model.coreSampleIndices == ref.core_sample_indices, "\(name)")
        let fewer = ref.data.selectingRows(Array(0..<(ref.data.rows - 1)))
        #expect(throws: StrataError.self) { try DBSCAN(epsilon: Float(ref.eps), minSamples: ref.min_samples).fit(fewer, tree: tree) }
    }
}

/// Neighbour counts taken once at a depth decide the core points of every `minSamples` up to
/// it: fitting each scikit-learn fixture with counts (capped at its min_samples and deeper)
/// gives scikit-learn's labels, in low dimensions (grid) and high (neighbour search). Counts
/// for another eps, a shallower depth or other data are refused.
@Test func dbscanWithNeighborCountsMatchesScikitLearn() throws {
    let references = try neighborCases.map { try DBSCANReference.load($0) }
        + gridCases.map { try DBSCANReference.load($0, from: "dbscan_grid/dbscan_grid_") }
    for ref in references {
        let name = ref.name
        let tree = try KDTree(ref.data)
        let eps = Float(ref.eps)
        let dbscan = DBSCAN(epsilon: eps, minSamples: ref.min_samples)
        for depth in [ref.min_samples, ref.min_samples + 7, 64] {
            let counts = try DBSCAN.neighborCounts(ref.data, tree: tree, epsilon: eps, limit: depth)
            let model = try dbscan.fit(ref.data, tree: tree, counts: counts)
            #expect(model.labels == ref.labels, "\(name), counted to \(depth)")
            #expect(model.coreSampleIndices == ref.core_sample_indices, "\(name), counted to \(depth)")
        }
        if ref.min_samples > 1 {
            let shallow = try DBSCAN.neighborCounts(ref.data, tree: tree, epsilon: eps, limit: ref.min_samples - 1)
            #expect(throws: StrataError.self) { try dbscan.fit(ref.data, tree: tree, counts: shallow) }
        }
        let otherEps = try DBSCAN.neighborCounts(ref.data, tree: tree, epsilon: eps * 2, limit: 64)
        #expect(throws: StrataError.self) { try dbscan.fit(ref.data, tree: tree, counts: otherEps) }
        let fewer = ref.data.selectingRows(Array(0..<(ref.data.rows - 1)))
        let counts = try DBSCAN.neighborCounts(ref.data, tree: tree, epsilon: eps, limit: 64)
        #expect(throws: StrataError.self) { try dbscan.fit(fewer, tree: KDTree(fewer), counts: counts) }
    }
}

/// The grid's cells come from sorting rows by cell key: the radix sort gives the order of a
/// (key, row) comparison sort, for keys of every width (one pass to six) and many ties.
@Test(arguments: [4, 11, 20, 33, 47, 64])
func radixSortOrdersCellKeysLikeAComparisonSort(bits: Int) {
    var generator = SeededGenerator(seed: UInt64(bits))
    let mask: UInt64 = bits == 64 ? ~0 : (1 << UInt64(bits)) - 1
    // Few distinct keys, so equal keys must keep their rows' order; each random key comes with
    // its one-bit neighbours, so every bit decides some comparison.
    let seeds = (0..<8).map { _ in UInt64.random(in: 0...UInt64.max, using: &generator) & mask }
    let distinct = seeds.flatMap { key in [key] + (0..<bits).map { key ^ (1 << UInt64($0)) } }
    let keyed = (0..<5_000).map { i in (key: distinct[Int.random(in: 0..<distinct.count, using: &generator)], index: Int32(i)) }
    let expected = keyed.sorted { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }
    let sorted = radixSortedByKey(keyed)
    #expect(sorted.map(\.key) == expected.map(\.key) && sorted.map(\.index) == expected.map(\.index), "\(bits)-bit keys")
}

/// The grid strategy against neighbour search (checked against scikit-learn above) on data
/// large enough for several parallel chunks: tight blobs in uniform noise, with small and large
/// `minSamples` (border points with few and with many neighbours).
@Test(arguments: [(5, Float(0.02)), (100, 0.07), (150, 0.08)])
func gridMatchesNeighborSearchOnBlobsInNoise(minSamples: Int, epsilon: Float) throws {
    var generator = SeededGenerator(seed: 11)
    var values: [Float] = []
    for i in 0..<12_000 {
        if i < 8_000 {
            let centre = [(0.25, 0.25), (0.75, 0.3), (0.5, 0.75), (0.2, 0.8)][i % 4]
            values += [Float(centre.0 + 0.06 * generator.nextGaussian()), Float(centre.1 + 0.06 * generator.nextGaussian())]
        } else {
            values += [Float(generator.nextUnit()), Float(generator.nextUnit())]
        }
    }
    let data = try Matrix(rows: 12_000, columns: 2, values: values)
    let config = DBSCAN(epsilon: epsilon, minSamples: minSamples)
    let searched = try config.fit(data, strategy: .neighbors)
    let grid = try config.fit(data, strategy: .grid)
    #expect(grid.labels == searched.labels)
    #expect(grid.coreSampleIndices == searched.coreSampleIndices)
    #expect(Set(searched.labels).count > 2 && searched.labels.contains(-1))
}
