import Foundation
import StrataSQLite
import StrataTracking
import Testing

/// The write batch's removal lists (SageMaker's `ParametersToRemove`, `Input`/`OutputArtifactsToRemove`).
@Suite struct WriteBatchRemovalTests {
    @Test func removalsApplyBeforeUpsertsAndIgnoreAbsentNames() async throws {
        let store = try SQLiteTrackingStore(inMemoryWithArtifactDirectory: nil)
        _ = try await store.loadOrCreateComponent("fit")
        var first = TrackingWriteBatch(component: "fit", parameters: ["k": 4, "seed": 7, "algorithm": "kmeans"])
        first.artifacts = [.init(direction: .input, name: "data", artifact: Artifact(value: "s3://b/data.csv")),
                           .init(direction: .output, name: "data", artifact: Artifact(value: "s3://b/labels.csv"))]
        try await store.apply(first)
        let second = TrackingWriteBatch(component: "fit", parameters: ["seed": 8], removedParameters: ["seed", "k", "absent"],
                                        removedInputs: ["data"], removedOutputs: ["absent"])
        try await store.apply(second)
        let component = try await store.component(named: "fit")
        #expect(component.parameters == ["seed": 8, "algorithm": "kmeans"])
        #expect(component.inputs.isEmpty)
        #expect(component.outputs["data"]?.value == "s3://b/labels.csv")
    }

    @Test func batchesEncodedWithoutRemovalListsStillDecode() throws {
        let json = #"{"component": "fit", "parameters": {}, "artifacts": [], "metricPoints": []}"#
        let batch = try JSONDecoder().decode(TrackingWriteBatch.self, from: Data(json.utf8))
        #expect(batch.removedParameters.isEmpty && batch.removedInputs.isEmpty && batch.removedOutputs.isEmpty && batch.isEmpty)
        let removal = TrackingWriteBatch(component: "fit", removedOutputs: ["x"])
        #expect(try JSONDecoder().decode(TrackingWriteBatch.self, from: JSONEncoder().encode(removal)) == removal)
    }
}
