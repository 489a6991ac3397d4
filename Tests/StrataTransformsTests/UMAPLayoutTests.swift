import Foundation
import Testing
import StrataCore
import StrataEvaluation
import StrataTransforms
import _StrataTestSupport

/// The SIMD-lane SGD and the NN-descent path together: identical embeddings for the same seed,
/// and the same quality bound as the exact-neighbour path.
@Test func nnDescentPathIsDeterministicAndAsTrustworthy() throws {
    let data = try UMAPFixtures.matrix("customers.csv")
    let reference = (try UMAPFixtures.reference()["datasets"] as! [String: [String: Any]])["customers"]!
    let expected = reference["umapTrustworthiness15"] as! Double
    // A threshold below the row count sends the kNN through NN-descent, as above 4,096 rows.
    let config = UMAP(neighborCount: 15, componentCount: 3, seed: 5, exactNeighborThreshold: 64)
    let first = try config.fit(data).embedding
    let second = try config.fit(data).embedding
    #expect(first == second)
    let t = try trustworthiness(original: data, embedding: first, neighborCount: 15)
    #expect(t >= expected - 0.01, "Strata \(t), umap-learn \(expected)")
}

/// Above four components the scalar sweep runs; it must agree in kind (finite, deterministic,
/// trustworthy) with the lane sweep.
@Test func wideEmbeddingsUseTheScalarSweepDeterministically() throws {
    let data = try UMAPFixtures.matrix("blobs.csv")
    let config = UMAP(neighborCount: 15, componentCount: 5, epochCount: 100, seed: 3)
    let first = try config.fit(data).embedding
    let second = try config.fit(data).embedding
    #expect(first == second)
    #expect(first.storage.allSatisfy { $0.isFinite })
    let t = try trustworthiness(original: data, embedding: first, neighborCount: 15)
    #expect(t > 0.9, "5-D trustworthiness \(t)")
}

/// One and four components run the lane sweep's other gathers (one float per point; four
/// floats per point): as trustworthy as umap-learn at the same width, and deterministic.
@Test(arguments: [("blobs", 1), ("blobs", 4), ("scurve", 1), ("scurve", 4)])
func otherLaneWidthsAreAsTrustworthyAsUmapLearn(dataset: String, components: Int) throws {
    let data = try UMAPFixtures.matrix("\(dataset).csv")
    let reference = (try UMAPFixtures.reference()["datasets"] as! [String: [String: Any]])[dataset]!
    let expected = (reference["umapTrustworthiness15ByComponents"] as! [String: Double])[String(components)]!
    let config = UMAP(neighborCount: 15, componentCount: components, seed: 42)
    let first = try config.fit(data).embedding
    #expect(first == (try config.fit(data).embedding))
    let t = try trustworthiness(original: data, embedding: first, neighborCount: 15)
    #expect(t >= expected - 0.01, "\(dataset) \(components)-D: Strata \(t), umap-learn \(expected)")
}
