import Foundation
import StrataTracking

/// Bodies the store sends (the server's `NativeBody` shapes).
enum RemoteBody {
    struct Experiment: Encodable {
        var displayName: String?
        var description: String?
        var tags: [String: String]
        var createdBy: String?
    }

    struct Trial: Encodable {
        var experiment: String
        var displayName: String?
        var tags: [String: String]
        var metadata: [String: String]
    }

    struct Component: Encodable {
        var name: String?
        var displayName: String?
        var tags: [String: String]
        var sourceJob: String?
    }

    struct Experiments: Decodable { var experiments: [StrataTracking.Experiment] }
    struct Trials: Decodable { var trials: [StrataTracking.Trial] }
    struct Components: Decodable { var components: [TrialComponent] }
    struct Series: Decodable { var points: [MetricPoint] }
}

extension HTTPTrackingStore {
    // MARK: Experiments

    public func loadOrCreateExperiment(_ name: String, displayName: String?, description: String?,
                                       tags: [String: String], createdBy: String?) async throws -> Experiment {
        try TrackingLimits.validateName(name, kind: .experiment)
        let body = RemoteBody.Experiment(displayName: displayName, description: description, tags: tags, createdBy: createdBy)
        return try Self.decode(Experiment.self, try await sendJSON(.PUT, "/api/v1/experiments/\(Self.segment(name))", body).get())
    }

    public func experiment(named name: String) async throws -> Experiment {
        try requirePathName(name, .experiment)
        return try await get(Experiment.self, "/api/v1/experiments/\(Self.segment(name))")
    }

    public func experiments(_ options: ListOptions) async throws -> [Experiment] {
        try options.validate()
        return try await get(RemoteBody.Experiments.self, "/api/v1/experiments", query: Self.listQuery(options)).experiments
    }

    public func updateExperiment(_ name: String, _ update: EntityUpdate) async throws -> Experiment {
        try requirePathName(name, .experiment)
        return try Self.decode(Experiment.self, try await sendJSON(.PATCH, "/api/v1/experiments/\(Self.segment(name))", update).get())
    }

    public func deleteExperiment(_ name: String, cascade: Bool) async throws {
        try requirePathName(name, .experiment)
        _ = try await send(.DELETE, "/api/v1/experiments/\(Self.segment(name))", query: [("cascade", String(cascade))]).get()
    }

    // MARK: Trials

    public func loadOrCreateTrial(_ name: String, experiment: String, displayName: String?,
                                  tags: [String: String], metadata: [String: String]) async throws -> Trial {
        try TrackingLimits.validateName(name, kind: .trial)
        try requirePathName(experiment, .experiment)
        let body = RemoteBody.Trial(experiment: experiment, displayName: displayName, tags: tags, metadata: metadata)
        return try Self.decode(Trial.self, try await sendJSON(.PUT, "/api/v1/trials/\(Self.segment(name))", body).get())
    }

    public func trial(named name: String) async throws -> Trial {
        try requirePathName(name, .trial)
        return try await get(Trial.self, "/api/v1/trials/\(Self.segment(name))")
    }

    public func trials(experiment: String?, _ options: ListOptions) async throws -> [Trial] {
        try options.validate()
        let query = Self.listQuery(options) + (experiment.map { [("experiment", $0)] } ?? [])
        return try await get(RemoteBody.Trials.self, "/api/v1/trials", query: query).trials
    }

    public func updateTrial(_ name: String, _ update: EntityUpdate) async throws -> Trial {
        try requirePathName(name, .trial)
        return try Self.decode(Trial.self, try await sendJSON(.PATCH, "/api/v1/trials/\(Self.segment(name))", update).get())
    }

    public func deleteTrial(_ name: String) async throws {
        try requirePathName(name, .trial)
        _ = try await send(.DELETE, "/api/v1/trials/\(Self.segment(name))").get()
    }

    // MARK: Trial components

    public func loadOrCreateComponent(_ name: String, displayName: String?, tags: [String: String],
                                      sourceJob: String?) async throws -> TrialComponent {
        try TrackingLimits.validateName(name, kind: .component)
        let body = RemoteBody.Component(name: nil, displayName: displayName, tags: tags, sourceJob: sourceJob)
        return try Self.decode(TrialComponent.self, try await sendJSON(.PUT, "/api/v1/components/\(Self.segment(name))", body).get())
    }

    public func createComponent(_ name: String, displayName: String?, tags: [String: String],
                                sourceJob: String?) async throws -> TrialComponent {
        try TrackingLimits.validateName(name, kind: .component)
        let body = RemoteBody.Component(name: name, displayName: displayName, tags: tags, sourceJob: sourceJob)
        return try Self.decode(TrialComponent.self, try await sendJSON(.POST, "/api/v1/components", body).get())
    }

    public func component(named name: String) async throws -> TrialComponent {
        try requirePathName(name, .component)
        return try await get(TrialComponent.self, "/api/v1/components/\(Self.segment(name))")
    }

    public func components(trial: String?, _ options: ListOptions) async throws -> [TrialComponent] {
        try options.validate()
        let query = Self.listQuery(options) + (trial.map { [("trial", $0)] } ?? [])
        return try await get(RemoteBody.Components.self, "/api/v1/components", query: query).components
    }

    public func updateComponent(_ name: String, _ update: EntityUpdate) async throws -> TrialComponent {
        try requirePathName(name, .component)
        return try Self.decode(TrialComponent.self, try await sendJSON(.PATCH, "/api/v1/components/\(Self.segment(name))", update).get())
    }

    /// Deletes the component on the server (with its files there) and its staged files here.
    public func deleteComponent(_ name: String) async throws {
        try requirePathName(name, .component)
        _ = try await send(.DELETE, "/api/v1/components/\(Self.segment(name))").get()
        if (try? TrackingLimits.validateName(name, kind: .component)) != nil {
            try? FileManager.default.removeItem(at: artifactDirectory.appendingPathComponent(name, isDirectory: true))
        }
    }

    public func associate(component: String, trial: String) async throws {
        try requirePathName(component, .component)
        try requirePathName(trial, .trial)
        _ = try await send(.PUT, "/api/v1/components/\(Self.segment(component))/trials/\(Self.segment(trial))").get()
    }

    public func disassociate(component: String, trial: String) async throws {
        try requirePathName(component, .component)
        try requirePathName(trial, .trial)
        _ = try await send(.DELETE, "/api/v1/components/\(Self.segment(component))/trials/\(Self.segment(trial))").get()
    }

    public func metricSeries(component: String, metric: String) async throws -> [MetricPoint] {
        try requirePathName(component, .component)
        try TrackingLimits.validateKey(metric, field: "metric name")
        return try await get(RemoteBody.Series.self,
                             "/api/v1/components/\(Self.segment(component))/metrics/\(Self.segment(metric))").points
    }

    /// A name that cannot form a path segment names nothing on the server.
    func requirePathName(_ name: String, _ kind: EntityKind) throws {
        if name.isEmpty || name == "." || name == ".." { throw TrackingError.notFound(kind: kind, name: name) }
    }
}
