import Foundation
import Hummingbird
import StrataTracking

/// CreateExperiment, DescribeExperiment, UpdateExperiment, DeleteExperiment, ListExperiments.
extension SageMakerAPI {
    struct ExperimentRequest: Decodable {
        var ExperimentName: String
        var DisplayName: String?
        var Description: String?
        var Tags: [SageMakerShapes.Tag]?

        func validate() throws {
            try SageMakerValidation.name(ExperimentName, field: "ExperimentName")
            try SageMakerValidation.optionalName(DisplayName, field: "DisplayName")
            try SageMakerValidation.length(Description, field: "Description", max: TrackingLimits.descriptionLength)
            try SageMakerValidation.tags(Tags)
        }
    }

    struct ExperimentArnReply: Encodable { var ExperimentArn: String }

    /// A name that is taken is a ValidationException saying so: the SDK's load-or-create relies on it.
    static func createExperiment(_ call: SageMakerCall) async throws -> Response {
        let request = try call.decode(ExperimentRequest.self)
        try request.validate()
        if (try? await call.store.experiment(named: request.ExperimentName)) != nil {
            throw ServerError(.alreadyExists, "Experiment \"\(request.ExperimentName)\" already exists.", field: "ExperimentName")
        }
        let experiment = try await call.store.loadOrCreateExperiment(
            request.ExperimentName, displayName: request.DisplayName, description: request.Description,
            tags: SageMakerShapes.tags(request.Tags), createdBy: call.caller.name)
        return try call.reply(ExperimentArnReply(ExperimentArn: call.arns.experiment(experiment.name)))
    }

    static func describeExperiment(_ call: SageMakerCall) async throws -> Response {
        let name = try call.decode(ExperimentRequest.self).ExperimentName
        try SageMakerValidation.name(name, field: "ExperimentName")
        try call.requireRead(experiment: name)
        let experiment = try await call.store.experiment(named: name)
        return try call.reply(SageMakerRecords.experiment(experiment, arns: call.arns, withTags: false))
    }

    static func updateExperiment(_ call: SageMakerCall) async throws -> Response {
        let request = try call.decode(ExperimentRequest.self)
        try request.validate()
        let experiment = try await call.store.updateExperiment(
            request.ExperimentName, EntityUpdate(displayName: request.DisplayName, description: request.Description))
        return try call.reply(ExperimentArnReply(ExperimentArn: call.arns.experiment(experiment.name)))
    }

    /// Like SageMaker, an experiment that still has trials is not deleted (ConflictException).
    static func deleteExperiment(_ call: SageMakerCall) async throws -> Response {
        let name = try call.decode(ExperimentRequest.self).ExperimentName
        try SageMakerValidation.name(name, field: "ExperimentName")
        try await call.store.deleteExperiment(name, cascade: false)
        return try call.reply(ExperimentArnReply(ExperimentArn: call.arns.experiment(name)))
    }

    struct ListRequest: Decodable {
        var ExperimentName: String?
        var TrialName: String?
        var TrialComponentName: String?
        var SourceArn: String?
        var CreatedAfter: Date?
        var CreatedBefore: Date?
        var SortBy: String?
        var SortOrder: String?
        var MaxResults: Int?
        var NextToken: String?

        func validate() throws {
            try SageMakerValidation.optionalName(ExperimentName, field: "ExperimentName")
            try SageMakerValidation.optionalName(TrialName, field: "TrialName")
            try SageMakerValidation.optionalName(TrialComponentName, field: "TrialComponentName")
            try SageMakerValidation.length(SourceArn, field: "SourceArn", max: 256)
            try SageMakerValidation.oneOf(SortBy, field: "SortBy", ["Name", "CreationTime"])
            try SageMakerValidation.oneOf(SortOrder, field: "SortOrder", SageMakerShapes.sortOrders)
        }

        var page: SageMakerPage { get throws { try SageMakerPage(maxResults: MaxResults, nextToken: NextToken) } }
        var descending: Bool { SortOrder == "Descending" }
    }

    static func listExperiments(_ call: SageMakerCall) async throws -> Response {
        let request = try call.decode(ListRequest.self)
        try request.validate()
        let page = try request.page
        // Experiments are few: the store lists them sorted, the date range and the viewer's
        // grants are applied here.
        let options = ListOptions(sortBy: request.SortBy == "Name" ? .name : .createdAt, ascending: !request.descending)
        let experiments = try await call.store.experiments(options).filter { experiment in
            call.caller.canRead(experiment: experiment.name)
                && request.CreatedAfter.map { experiment.createdAt > $0 } ?? true
                && request.CreatedBefore.map { experiment.createdAt < $0 } ?? true
        }
        struct Reply: Encodable { var ExperimentSummaries: [SageMakerRecords.ExperimentSummary]; var NextToken: String? }
        let (rows, next) = page.slice(experiments)
        return try call.reply(Reply(ExperimentSummaries: rows.map { SageMakerRecords.summary($0, arns: call.arns) }, NextToken: next))
    }
}
