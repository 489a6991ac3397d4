import Foundation
import StrataTracking

/// Runs one point of a sweep (in a worker process): the pipeline with the point's assignment,
/// recorded as the point's trial, and the point's record updated — complete, infeasible (a
/// broken constraint ranks below every feasible trial) or failed with its message.
public struct SweepWorker: Sendable {
    public var spec: PipelineSpec
    public var store: any TrackingStore
    public var cache: StepCache?
    public var experiment: String
    public var sweep: String

    public init(spec: PipelineSpec, store: any TrackingStore, cache: StepCache?, experiment: String, sweep: String) {
        self.spec = spec; self.store = store; self.cache = cache; self.experiment = experiment; self.sweep = sweep
    }

    /// Runs point `number`; returns its final record. Never throws for a failing pipeline — the
    /// failure is recorded — only when the store itself cannot be written.
    public func run(number: Int, assignment: ParameterAssignment) async throws -> SweepRecord {
        let trial = SweepRecord.trialName(sweep: sweep, number: number)
        var record = SweepRecord(trial: trial, number: number, assignment: assignment, state: .running)
        for component in (try? await store.components(trial: trial)) ?? [] {
            try? await store.deleteComponent(component.name)
        }
        try await record.save(in: store, experiment: experiment, sweep: sweep)
        do {
            let pointSpec = try spec.setting(assignment, source: "search_space")
            let runner = PipelineRunner(store: store, cache: cache,
                                        artifacts: PipelineRunner.ArtifactChoice(embedding: true, model: false, profile: true))
            let result = try await runner.run(pointSpec, experiment: experiment, trial: trial, metadata: try record.metadata(sweep: sweep))
            record.loss = result.objectiveValue.map(pointSpec.objective.loss)
            record.state = result.isFeasible ? .complete : .infeasible
            record.message = result.infeasibleReason
        } catch {
            record.state = .failed
            record.message = String(describing: error)
            try? await recordFailure(trial: trial, message: record.message!)
        }
        try await record.save(in: store, experiment: experiment, sweep: sweep)
        return record
    }

    /// Runs the points arriving on `lines` (one JSON point per line, as the sweep sends them) one after the
    /// other, calling `answer` with its done line after each is recorded; returns at the end of
    /// the input. Throws (ending the worker) when the store cannot be written or a line is not a point.
    public func serve(lines: some AsyncSequence<String, Never>, answer: (String) -> Void) async throws {
        for await line in lines where !line.isEmpty {
            let point = try JSONDecoder().decode(SweepWorkerProcess.Point.self, from: Data(line.utf8))
            _ = try await run(number: point.number, assignment: point.assignment)
            answer(SweepWorkerProcess.doneMarker + String(point.number))
        }
    }

    /// A failed attempt still shows in the record: a component with status Failed and the message.
    private func recordFailure(trial: String, message: String) async throws {
        let component = "\(trial)-pipeline"
        _ = try await store.loadOrCreateComponent(component)
        try await store.associate(component: component, trial: trial)
        var batch = TrackingWriteBatch(component: component)
        batch.statusChange = .init(status: TrialComponentStatus(.failed, message: String(message.prefix(TrackingLimits.descriptionLength))),
                                   endTime: Date().timeIntervalSince1970)
        try await store.apply(batch)
    }
}
