import Foundation
import Hummingbird
import StrataTracking

/// AddTags, ListTags, DeleteTags on experiments, trials and trial components, by ARN.
extension SageMakerAPI {
    struct TagsRequest: Decodable {
        var ResourceArn: String
        var Tags: [SageMakerShapes.Tag]?
        var TagKeys: [String]?
        var MaxResults: Int?
        var NextToken: String?
    }

    struct TagsReply: Encodable { var Tags: [SageMakerShapes.Tag]; var NextToken: String? }

    static func addTags(_ call: SageMakerCall) async throws -> Response {
        let request = try call.decode(TagsRequest.self)
        try SageMakerValidation.tags(request.Tags)
        let tags = request.Tags ?? []
        try await updateTags(of: request.ResourceArn, EntityUpdate(setTags: SageMakerShapes.tags(tags)), call: call)
        return try call.reply(TagsReply(Tags: tags))
    }

    static func deleteTags(_ call: SageMakerCall) async throws -> Response {
        let request = try call.decode(TagsRequest.self)
        let keys = request.TagKeys ?? []
        try SageMakerValidation.count(keys.count, field: "TagKeys", max: TrackingLimits.tagsPerEntity)
        for key in keys { try SageMakerValidation.length(key, field: "TagKeys", min: 1, max: 128) }
        try await updateTags(of: request.ResourceArn, EntityUpdate(removeTags: Set(keys)), call: call)
        return call.replyEmpty()
    }

    /// All tags of the resource (at most 50, so one page).
    static func listTags(_ call: SageMakerCall) async throws -> Response {
        let request = try call.decode(TagsRequest.self)
        if let max = request.MaxResults, max < 50 {
            throw SageMakerValidation.failure("MaxResults", String(max), "Member must have value greater than or equal to 50")
        }
        let (kind, name) = try SageMakerARN.parse(request.ResourceArn, field: "ResourceArn")
        let tags: [String: String]
        switch kind {
        case .experiment:
            try call.requireRead(experiment: name)
            tags = try await call.store.experiment(named: name).tags
        case .trial:
            let trial = try await call.store.trial(named: name)
            try call.requireRead(experiment: trial.experimentName)
            tags = trial.tags
        case .component:
            let component = try await call.store.component(named: name)
            var parents = SageMakerParents()
            try await parents.requireRead(component, call: call)
            tags = component.tags
        }
        return try call.reply(TagsReply(Tags: SageMakerShapes.tagList(tags)))
    }

    static func updateTags(of arn: String, _ update: EntityUpdate, call: SageMakerCall) async throws {
        let (kind, name) = try SageMakerARN.parse(arn, field: "ResourceArn")
        switch kind {
        case .experiment: _ = try await call.store.updateExperiment(name, update)
        case .trial: _ = try await call.store.updateTrial(name, update)
        case .component: _ = try await call.store.updateComponent(name, update)
        }
    }
}
