import Foundation
import StrataTracking

/// MLflow experiments and runs read from and written to the Strata record: an experiment is a
/// Strata experiment (named as ``MLflowNaming`` says), a run is a trial holding one component,
/// both named by the run id (uuid4 hex). Run name, status and times are the component's display
/// name, status and times; `mlflow.*` tags are component tags; the soft-deleted state is the
/// `strata.mlflow.deleted` tag.
struct MLflowRecord: Sendable {
    let store: any SearchableTrackingStore

    /// A run: its component and the (Strata) name of its experiment.
    struct Run: Sendable {
        var component: TrialComponent
        var experiment: String
        var isDeleted: Bool { component.tags[MLflowNaming.deletedTag] != nil }
    }

    // MARK: Experiments

    /// The experiment an MLflow id names; `0` is `Default`, created on first use.
    func experiment(id: String) async throws -> Experiment {
        let name = MLflowNaming.strataName(forExperimentID: id)
        if let found = try await existingExperiment(strataName: name) { return found }
        if name == MLflowNaming.defaultExperimentName { return try await defaultExperiment() }
        throw MLflowErrors.notFound("Could not find experiment with ID \(id)")
    }

    /// The experiment an MLflow name names, or nil.
    func experiment(mlflowName name: String) async throws -> Experiment? {
        if let direct = try await existingExperiment(strataName: MLflowNaming.strataName(forExperiment: name)),
           MLflowNaming.mlflowName(of: direct) == name {
            return direct
        }
        // Renamed experiments, and names whose first Strata form was taken.
        for experiment in try await store.experiments() where MLflowNaming.mlflowName(of: experiment) == name {
            return experiment
        }
        if name == MLflowNaming.defaultExperimentName { return try await defaultExperiment() }
        return nil
    }

    func createExperiment(name: String, tags: [String: String], createdBy: String?) async throws -> Experiment {
        try Self.validateExperimentName(name)
        if try await experiment(mlflowName: name) != nil {
            throw MLflowErrors.alreadyExists("Experiment(name=\(name)) already exists.")
        }
        let base = MLflowNaming.strataName(forExperiment: name)
        var candidate = base
        var number = 1
        while try await existingExperiment(strataName: candidate) != nil {
            number += 1
            candidate = "\(base)-\(number)"
        }
        var allTags = tags
        allTags[MLflowNaming.nameTag] = name
        return try await store.loadOrCreateExperiment(candidate, displayName: name.count <= TrackingLimits.displayNameLength ? name : nil,
                                                      description: nil, tags: allTags, createdBy: createdBy)
    }

    static func validateExperimentName(_ name: String, field: String = "name") throws(ServerError) {
        if name.isEmpty { throw MLflowErrors.invalid("Experiment name cannot be empty.", field: field) }
        if name.count > MLflowNaming.maximumNameLength {
            throw MLflowErrors.invalid("Experiment name has \(name.count) characters; at most \(MLflowNaming.maximumNameLength) are allowed.", field: field)
        }
    }

    private func defaultExperiment() async throws -> Experiment {
        try await store.loadOrCreateExperiment(MLflowNaming.defaultExperimentName, displayName: nil, description: nil,
                                               tags: [MLflowNaming.nameTag: MLflowNaming.defaultExperimentName], createdBy: nil)
    }

    private func existingExperiment(strataName name: String) async throws -> Experiment? {
        do { return try await store.experiment(named: name) } catch TrackingError.notFound, TrackingError.invalidName { return nil }
    }

    func render(_ experiment: Experiment) -> MLflowWire.Experiment {
        let id = MLflowNaming.experimentID(strataName: experiment.name)
        return MLflowWire.Experiment(
            experimentId: id, name: MLflowNaming.mlflowName(of: experiment), artifactLocation: "mlflow-artifacts:/\(id)",
            lifecycleStage: experiment.tags[MLflowNaming.deletedTag] == nil ? "active" : "deleted",
            lastUpdateTime: MLflowWire.milliseconds(experiment.updatedAt), creationTime: MLflowWire.milliseconds(experiment.createdAt),
            tags: Self.publicTags(experiment.tags))
    }

    // MARK: Runs

    func run(id: String) async throws -> Run {
        let component: TrialComponent
        do { component = try await store.component(named: id) } catch TrackingError.notFound, TrackingError.invalidName {
            throw MLflowErrors.notFound("Run with id=\(id) not found")
        }
        // A run is a component in a trial; an MLflow run's trial has the run's own name.
        guard let trialName = component.trials.contains(id) ? id : component.trials.first else {
            throw MLflowErrors.notFound("Run with id=\(id) not found")
        }
        return Run(component: component, experiment: try await store.trial(named: trialName).experimentName)
    }

    /// The run, refused when it is deleted (MLflow only logs to active runs).
    func activeRun(id: String) async throws -> Run {
        let run = try await run(id: id)
        if run.isDeleted {
            throw MLflowErrors.invalid("The run \(id) must be in the 'active' state. Current state is deleted.", field: "run_id")
        }
        return run
    }

    func render(_ run: Run) -> MLflowWire.Run {
        let component = run.component
        let experimentID = MLflowNaming.experimentID(strataName: run.experiment)
        let info = MLflowWire.RunInfo(
            runId: component.name, runUuid: component.name,
            runName: component.tags["mlflow.runName"] ?? component.displayName ?? component.name,
            experimentId: experimentID, userId: component.tags["mlflow.user"] ?? "",
            status: MLflowRunStatus.name(of: component.status),
            startTime: MLflowWire.milliseconds(component.startTime ?? component.createdAt),
            endTime: component.endTime.map(MLflowWire.milliseconds),
            artifactUri: "mlflow-artifacts:/\(experimentID)/\(component.name)/artifacts",
            lifecycleStage: run.isDeleted ? "deleted" : "active")
        let metrics = component.metrics.sorted { $0.key < $1.key }.map { key, summary in
            MLflowWire.Metric(key: key, value: summary.last, timestamp: MLflowWire.milliseconds(seconds: summary.lastTimestamp),
                              step: Int64(summary.lastStep ?? 0))
        }
        let params = component.parameters.sorted { $0.key < $1.key }.map { MLflowWire.KeyValue(key: $0.key, value: $0.value.description) }
        let datasets = component.inputs.sorted { $0.key < $1.key }.compactMap { _, artifact -> MLflowWire.DatasetInput? in
            guard artifact.mediaType == MLflowRecord.datasetMediaType else { return nil }
            return try? JSONDecoder().decode(MLflowWire.DatasetInput.self, from: Data(artifact.value.utf8))
        }
        return MLflowWire.Run(info: info, data: .init(metrics: metrics, params: params, tags: Self.publicTags(component.tags)),
                              inputs: .init(datasetInputs: datasets))
    }

    /// Media type of the input artifacts that hold `log-inputs` datasets (their JSON as the value).
    static let datasetMediaType = "application/vnd.mlflow.dataset+json"

    static func publicTags(_ tags: [String: String]) -> [MLflowWire.KeyValue] {
        tags.filter { !$0.key.hasPrefix(MLflowNaming.internalTagPrefix) }.sorted { $0.key < $1.key }
            .map { MLflowWire.KeyValue(key: $0.key, value: $0.value) }
    }
}
