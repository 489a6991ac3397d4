import Foundation
import StrataClustering
import StrataNeighbors
import StrataTracking
import Testing
import StrataPipelines

@Suite struct KDistanceArtifactTests {
    static let prepare = "  - scale: {method: standard}\n  - reduce: {method: pca, n_components: 3}\n"

    @Test func aGivenEpsRecordsTheFullCurveAtMinSamplesAndThatEps() async throws {
        let fixture = try PipelineFixture(rows: 1_200)
        let spec = try fixture.spec(Self.prepare + "  - cluster: {method: dbscan, eps: 0.45, min_samples: 7}")
        let store = try fixture.store()
        let result = try await PipelineRunner(store: store, cache: nil).run(spec, experiment: "e", trial: "given")
        let artifact = try await recordedArtifact(KDistanceArtifact.self, KDistanceArtifact.fileName, of: "given-cluster", in: store)
        #expect(artifact.method == "dbscan")
        #expect(artifact.k == 7)
        #expect(artifact.eps == 0.45.nextFloatRounded)
        #expect(artifact.epsSource == "given")
        // Few rows: every rank kept, and the curve is the clusterer's own space's k-distance curve.
        let curve = try KDistance(k: 7).curve(result.outcome.clusterInput)
        #expect(artifact.count == 1_200)
        #expect(artifact.ranks == Array(0..<1_200))
        #expect(artifact.distances == curve.map(Double.init))
        let knee = KDistance.knee(ofSortedCurve: curve)
        #expect(artifact.knee?.rank == knee.kneeIndex)
        #expect(artifact.knee?.value == knee.value.map(Double.init))
        // A core point has k-distance <= eps: the share of core points is the share of the curve below eps.
        let model = try DBSCAN(epsilon: 0.45, minSamples: 7).fit(result.outcome.clusterInput)
        #expect(model.coreSampleIndices.count == curve.filter { $0 <= 0.45 }.count)
    }

    @Test(arguments: ["auto", "knee"])
    func aChosenEpsIsTheRecordedParameter(_ eps: String) async throws {
        let fixture = try PipelineFixture(rows: 1_500)
        let spec = try fixture.spec(Self.prepare + "  - cluster: {method: dbscan, eps: \(eps), min_samples: 6}")
        let store = try fixture.store()
        _ = try await PipelineRunner(store: store, cache: nil).run(spec, experiment: "e", trial: "chosen")
        let artifact = try await recordedArtifact(KDistanceArtifact.self, KDistanceArtifact.fileName, of: "chosen-cluster", in: store)
        let cluster = try await store.component(named: "chosen-cluster")
        #expect(artifact.eps != nil)
        #expect(artifact.eps == cluster.parameters["eps"]?.numberValue)
        #expect(artifact.epsSource == cluster.parameters["eps_source"]?.stringValue)
        #expect(zip(artifact.distances, artifact.distances.dropFirst()).allSatisfy { $0 <= $1 })
        if eps == "knee" { #expect(artifact.knee?.value == artifact.eps) }
    }

    @Test func hdbscanRecordsItsCoreDistances() async throws {
        let fixture = try PipelineFixture(rows: 1_000)
        let spec = try fixture.spec(Self.prepare + "  - cluster: {method: hdbscan, min_cluster_size: 25, min_samples: 8}")
        let store = try fixture.store()
        let result = try await PipelineRunner(store: store, cache: nil).run(spec, experiment: "e", trial: "h")
        let artifact = try await recordedArtifact(KDistanceArtifact.self, KDistanceArtifact.fileName, of: "h-cluster", in: store)
        let model = try HDBSCAN(minimumClusterSize: 25, minSamples: 8).fit(result.outcome.clusterInput)
        #expect(artifact.method == "hdbscan")
        #expect(artifact.k == 8)
        #expect(artifact.distances == model.coreDistances.map(Float.init).sorted().map(Double.init))
        #expect(artifact.eps == nil)
    }

    @Test func kMeansRecordsNoCurve() async throws {
        let fixture = try PipelineFixture(rows: 600)
        let spec = try fixture.spec(Self.prepare + "  - cluster: {method: kmeans, n_clusters: 4, seed: 1}")
        let store = try fixture.store()
        _ = try await PipelineRunner(store: store, cache: nil).run(spec, experiment: "e", trial: "k")
        #expect(try await store.component(named: "k-cluster").outputs[KDistanceArtifact.fileName] == nil)
    }

    @Test func aLongCurveKeepsEachBucketsEndsAndTheFullCurvesKnee() {
        let n = 1_000_003
        // A smooth body and a steep tail, as real k-distance curves.
        let curve = (0..<n).map { i -> Float in
            let x = Float(i) / Float(n)
            return x < 0.97 ? 0.1 + 0.05 * x : 0.1485 + 30 * (x - 0.97) * (x - 0.97)
        }
        let artifact = KDistanceArtifact(method: "dbscan", k: 5, definition: "", ascending: curve, eps: nil, epsSource: nil)
        #expect(artifact.ranks.count <= KDistanceArtifact.maximumPoints)
        #expect(artifact.ranks.first == 0)
        #expect(artifact.ranks.last == n - 1)
        #expect(zip(artifact.ranks, artifact.ranks.dropFirst()).allSatisfy { $0 < $1 })
        #expect(zip(artifact.ranks, artifact.distances).allSatisfy { Double(curve[$0]) == $1 })
        // No gap between kept ranks is wider than a bucket: the shape is kept everywhere.
        let widest = zip(artifact.ranks, artifact.ranks.dropFirst()).map { $1 - $0 }.max() ?? 0
        #expect(widest <= 2 * n / KDistanceArtifact.maximumPoints + 1)
        let knee = KDistance.knee(ofSortedCurve: curve)
        #expect(artifact.knee?.rank == knee.kneeIndex)
        #expect(artifact.count == n)
    }
}

private extension Double {
    /// The Float the pipeline stores eps as, back in Double (as recorded).
    var nextFloatRounded: Double { Double(Float(self)) }
}
