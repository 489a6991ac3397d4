import Foundation
import Hummingbird
import StrataTracking

/// CreateTrial, DescribeTrial, UpdateTrial, DeleteTrial, ListTrials.
extension SageMakerAPI {
    struct TrialRequest: Decodable {
        var TrialName: String
        var DisplayName: String?
        var ExperimentName: String?
        var MetadataProperties: SageMakerShapes.MetadataProperties?
        var Tags: [SageMakerShapes.Tag]?

        func validate() throws {
            try SageMakerValidation.name(TrialName, field: "TrialName")
            try SageMakerValidation.optionalName(DisplayName, field: "DisplayName")
            try SageMakerValidation.optionalName(ExperimentName, field: "ExperimentName")
            try MetadataProperties?.validate()
            try SageMakerValidation.tags(Tags)
        }
    }

    struct TrialArnReply: Encodable { var TrialArn: String }

    static func createTrial(_ call: SageMakerCall) async throws -> Response {
        let request = try call.decode(TrialRequest.self)
        try request.validate()
        guard let experimentName = request.ExperimentName else {
            throw ServerError(.badRequest, "Missing required field ExperimentName.", field: "ExperimentName")
        }
        if (try? await call.store.trial(named: request.TrialName)) != nil {
            throw ServerError(.alreadyExists, "Trial \"\(request.TrialName)\" already exists.", field: "TrialName")
        }
        _ = try await call.store.experiment(named: experimentName)   // ResourceNotFound before anything is written
        let trial = try await call.store.loadOrCreateTrial(
            request.TrialName, experiment: experimentName, displayName: request.DisplayName,
            tags: SageMakerShapes.tags(request.Tags), metadata: request.MetadataProperties?.metadata ?? [:])
        return try call.reply(TrialArnReply(TrialArn: call.arns.trial(trial.name)))
    }

    static func describeTrial(_ call: SageMakerCall) async throws -> Response {
        let name = try call.decode(TrialRequest.self).TrialName
        try SageMakerValidation.name(name, field: "TrialName")
        let trial = try await call.store.trial(named: name)
        try call.requireRead(experiment: trial.experimentName)
        return try call.reply(SageMakerRecords.trial(trial, arns: call.arns, withTags: false))
    }

    static func updateTrial(_ call: SageMakerCall) async throws -> Response {
        let request = try call.decode(TrialRequest.self)
        try request.validate()
        let trial = try await call.store.updateTrial(request.TrialName, EntityUpdate(displayName: request.DisplayName))
        return try call.reply(TrialArnReply(TrialArn: call.arns.trial(trial.name)))
    }

    static func deleteTrial(_ call: SageMakerCall) async throws -> Response {
        let name = try call.decode(TrialRequest.self).TrialName
        try SageMakerValidation.name(name, field: "TrialName")
        try await call.store.deleteTrial(name)
        return try call.reply(TrialArnReply(TrialArn: call.arns.trial(name)))
    }

    /// Filters by experiment and creation time run as a query of the search language; a
    /// `TrialComponentName` filter keeps the trials that component belongs to.
    static func listTrials(_ call: SageMakerCall) async throws -> Response {
        let request = try call.decode(ListRequest.self)
        try request.validate()
        let page = try request.page
        var filters = try await listFilters(request, call: call)
        var matchesNothing = false
        if let componentName = request.TrialComponentName {
            let component = try await call.store.component(named: componentName)
            matchesNothing = component.trials.isEmpty
            filters.append(.predicate(SearchPredicate(key: .attribute(.name), op: .in, values: component.trials.map { .string($0) })))
        }
        var names: [String] = []
        if !matchesNothing {
            let query = SearchQuery(filter: .all(filters), ordering: listOrdering(request))
            names = try await call.store.search(query.spelling, target: .trials)
        }
        let (rows, next) = page.slice(names)
        var summaries: [SageMakerRecords.TrialSummary] = []
        for name in rows {
            summaries.append(SageMakerRecords.summary(try await call.store.trial(named: name), arns: call.arns))
        }
        struct Reply: Encodable { var TrialSummaries: [SageMakerRecords.TrialSummary]; var NextToken: String? }
        return try call.reply(Reply(TrialSummaries: summaries, NextToken: next))
    }

    /// The predicates every List of trials or components shares: experiment, trial, creation
    /// range and the viewer's grants. Named parents must exist (ResourceNotFound) and be readable.
    static func listFilters(_ request: ListRequest, call: SageMakerCall) async throws -> [SearchExpression] {
        var filters: [SearchExpression] = []
        if let experiment = request.ExperimentName {
            try call.requireRead(experiment: experiment)
            _ = try await call.store.experiment(named: experiment)
            filters.append(.predicate(SearchPredicate(key: .attribute(.experiment), op: .equal, values: [.string(experiment)])))
        }
        if let trial = request.TrialName {
            try call.requireRead(experiment: try await call.store.trial(named: trial).experimentName)
            filters.append(.predicate(SearchPredicate(key: .attribute(.trial), op: .equal, values: [.string(trial)])))
        }
        if let after = request.CreatedAfter {
            filters.append(.predicate(SearchPredicate(key: .attribute(.created), op: .greater, values: [.number(after.timeIntervalSince1970)])))
        }
        if let before = request.CreatedBefore {
            filters.append(.predicate(SearchPredicate(key: .attribute(.created), op: .less, values: [.number(before.timeIntervalSince1970)])))
        }
        if let grant = viewerGrant(call) { filters.append(grant) }
        return filters
    }

    /// `experiment in (…granted…)` for a viewer limited to some experiments, else nil. An empty
    /// grant matches nothing (`in ()` is not in the language, so an impossible name stands in).
    static func viewerGrant(_ call: SageMakerCall) -> SearchExpression? {
        guard !call.seesEverything, let granted = call.caller.experiments else { return nil }
        let values: [SearchLiteral] = granted.isEmpty ? [.string("")] : granted.sorted().map { .string($0) }
        return .predicate(SearchPredicate(key: .attribute(.experiment), op: .in, values: values))
    }

    static func listOrdering(_ request: ListRequest) -> [SearchOrdering] {
        [SearchOrdering(key: .attribute(request.SortBy == "Name" ? .name : .created), descending: request.descending)]
    }
}
