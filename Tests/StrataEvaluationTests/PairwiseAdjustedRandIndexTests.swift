import StrataCore
import StrataEvaluation
import Testing

/// Every entry of the pairwise matrix must be exactly what ``adjustedRandIndex(_:_:)`` (checked
/// against scikit-learn in `MetricsFixtureTests`) gives for that pair.
struct PairwiseAdjustedRandIndexTests {
    /// Labelings of `n` rows that exercise the encoding: few and many clusters, noise, labels far
    /// from 0..<k, one cluster, every row alone, a relabelled copy and a copy with a few rows moved.
    static func labelings(rows n: Int, seed: UInt64) -> [[Int]] {
        var generator = SeededGenerator(seed: seed)
        let coarse = (0..<n).map { _ in generator.nextInt(below: 4) }
        let fine = (0..<n).map { _ in generator.nextInt(below: 300) - 1 }
        let huge = coarse.map { $0 == 0 ? -1 : $0 * 9_000_000_000_000 }
        let renamed = coarse.map { 7 - 3 * $0 }
        var moved = coarse
        for _ in 0..<(n / 20) { moved[generator.nextInt(below: n)] = generator.nextInt(below: 5) }
        let nested = zip(coarse, fine).map { $0 * 1000 + $1 }
        return [coarse, fine, huge, renamed, moved, nested, Array(repeating: 3, count: n), Array(0..<n)]
    }

    @Test(arguments: [(1, UInt64(1)), (2, 2), (57, 3), (1_000, 4), (5_000, 5)])
    func everyEntryEqualsThePairsAdjustedRandIndex(rows: Int, seed: UInt64) throws {
        let labelings = Self.labelings(rows: rows, seed: seed)
        let m = labelings.count
        let matrix = try pairwiseAdjustedRandIndex(labelings)
        #expect(matrix.count == m * m)
        for i in 0..<m {
            #expect(matrix[i * m + i] == 1)
            for j in 0..<m where j != i {
                let expected = try adjustedRandIndex(labelings[i], labelings[j])
                #expect(matrix[i * m + j] == expected, "labelings \(i), \(j): \(matrix[i * m + j]) vs \(expected)")
            }
        }
    }

    @Test func theSameBitsOnOneThread() throws {
        let labelings = Self.labelings(rows: 3_000, seed: 9) + Self.labelings(rows: 3_000, seed: 10)
        let parallel = try pairwiseAdjustedRandIndex(labelings)
        let serial = try Parallel.withThreadCount(1) { try pairwiseAdjustedRandIndex(labelings) }
        #expect(parallel == serial)
    }

    @Test func labelingsOfDifferentLengthsAreAnErrorNamingTheLabeling() throws {
        #expect(throws: StrataError.dimensionMismatch("adjusted Rand index: labeling 2 has 3 entries and labeling 0 has 4; they must label the same rows")) {
            try pairwiseAdjustedRandIndex([[0, 0, 1, 1], [1, 1, 0, 0], [0, 1, 2]])
        }
        #expect(try pairwiseAdjustedRandIndex([]) == [])
        #expect(try pairwiseAdjustedRandIndex([[0, 1, 1]]) == [1])
    }
}
