import StrataCore
import StrataEvaluation
import Testing

@Suite struct ClusterSizeSummaryTests {
    @Test func definitions() throws {
        // Clusters of 50, 30, 15, 5 and 20 noise rows (120 rows, 100 clustered).
        let labels = [Int](repeating: 7, count: 50) + [Int](repeating: 2, count: 30) + [Int](repeating: 0, count: 15)
            + [Int](repeating: 4, count: 5) + [Int](repeating: -1, count: 20)
        let s = try ClusterSizeSummary(labels: labels.shuffled())
        #expect(s.rowCount == 120)
        #expect(s.clusterCount == 4)
        #expect(s.noiseFraction == 20.0 / 120.0)
        #expect(s.largestShare == 50.0 / 120.0)
        #expect(s.smallestClusterSize == 5)
        #expect(s.clustersCovering95Percent == 3)      // 50 + 30 + 15 = 95 of 100
    }

    @Test func edgeCases() throws {
        let allNoise = try ClusterSizeSummary(labels: [-1, -1, -1])
        #expect(allNoise.clusterCount == 0 && allNoise.clustersCovering95Percent == 0 && allNoise.noiseFraction == 1)
        let empty = try ClusterSizeSummary(labels: [])
        #expect(empty.rowCount == 0 && empty.largestShare == 0)
        let many = try ClusterSizeSummary(labels: Array(0..<100))
        #expect(many.clustersCovering95Percent == 95)
        #expect(throws: StrataError.self) { try ClusterSizeSummary(labels: [0, -2]) }
    }
}
