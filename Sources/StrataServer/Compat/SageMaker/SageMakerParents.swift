import Foundation
import StrataTracking

/// The (trial, experiment) pairs of components, with each trial looked up once per request:
/// Search records carry them as `Parents`, and a viewer may read a component only through them.
struct SageMakerParents {
    private var experimentOfTrial: [String: String] = [:]

    mutating func of(_ component: TrialComponent, store: any TrackingStore) async throws -> [SageMakerShapes.Parent] {
        var parents: [SageMakerShapes.Parent] = []
        for trial in component.trials {
            if experimentOfTrial[trial] == nil {
                // A trial deleted since the component was read has no parent to show.
                guard let found = try? await store.trial(named: trial) else { continue }
                experimentOfTrial[trial] = found.experimentName
            }
            if let experiment = experimentOfTrial[trial] {
                parents.append(SageMakerShapes.Parent(TrialName: trial, ExperimentName: experiment))
            }
        }
        return parents
    }

    /// Refuses a viewer none of whose experiments holds the component.
    mutating func requireRead(_ component: TrialComponent, call: SageMakerCall) async throws {
        if call.seesEverything { return }
        guard call.canRead(parents: try await of(component, store: call.store)) else {
            throw ServerError(.forbidden, "User \(call.caller.name) may not read trial component \"\(component.name)\".")
        }
    }
}
