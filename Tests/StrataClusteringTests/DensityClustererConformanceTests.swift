import StrataClustering
import Testing
import _StrataTestSupport

/// The shared clusterer checks, run on the density-based clusterers (no cluster count, so no
/// k > n check).
@Suite struct DensityClustererConformanceTests {
    @Test func dbscanConforms() {
        let suite = ClustererConformance(
            name: "DBSCAN",
            configured: { _ in DBSCAN(epsilon: 1.5, minSamples: 5) },
            invalidConfigurations: [DBSCAN(epsilon: 0), DBSCAN(epsilon: -1), DBSCAN(epsilon: .nan), DBSCAN(epsilon: 1, minSamples: 0)],
            tooManyClusters: nil)
        #expect(suite.run() == [])
    }

    @Test func hdbscanConforms() {
        let suite = ClustererConformance(
            name: "HDBSCAN",
            configured: { _ in HDBSCAN(minimumClusterSize: 10) },
            invalidConfigurations: [HDBSCAN(minimumClusterSize: 1), HDBSCAN(minimumClusterSize: 5, minSamples: 0),
                                    HDBSCAN(minimumClusterSize: 5, clusterSelectionEpsilon: -1), HDBSCAN(minimumClusterSize: 5, alpha: 0)],
            tooManyClusters: nil)
        #expect(suite.run() == [])
    }
}
