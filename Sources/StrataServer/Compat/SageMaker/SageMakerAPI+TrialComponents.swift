import Foundation
import Hummingbird
import StrataTracking

/// CreateTrialComponent, DescribeTrialComponent, UpdateTrialComponent (an upsert with the
/// `…ToRemove` lists), DeleteTrialComponent, ListTrialComponents, Associate/DisassociateTrialComponent.
extension SageMakerAPI {
    struct ComponentRequest: Decodable {
        var TrialComponentName: String
        var DisplayName: String?
        var Status: SageMakerShapes.Status?
        var StartTime: Date?
        var EndTime: Date?
        var Parameters: [String: SageMakerShapes.ParameterValue]?
        var InputArtifacts: [String: SageMakerShapes.Artifact]?
        var OutputArtifacts: [String: SageMakerShapes.Artifact]?
        var ParametersToRemove: [String]?
        var InputArtifactsToRemove: [String]?
        var OutputArtifactsToRemove: [String]?
        var MetadataProperties: SageMakerShapes.MetadataProperties?
        var Tags: [SageMakerShapes.Tag]?

        /// The model's limits, then the record's write batch for everything but the name,
        /// display name and tags.
        func batch() throws -> TrackingWriteBatch {
            try SageMakerValidation.name(TrialComponentName, field: "TrialComponentName")
            try SageMakerValidation.optionalName(DisplayName, field: "DisplayName")
            try SageMakerValidation.oneOf(Status?.PrimaryStatus, field: "Status.PrimaryStatus", SageMakerShapes.primaryStatuses)
            try SageMakerValidation.length(Status?.Message, field: "Status.Message", max: 1024)
            try MetadataProperties?.validate()
            try SageMakerValidation.tags(Tags)
            var batch = TrackingWriteBatch(component: TrialComponentName)
            if Status?.PrimaryStatus != nil || StartTime != nil || EndTime != nil {
                let status = Status?.PrimaryStatus.flatMap(TrialComponentStatus.Primary.init(rawValue:))
                    .map { TrialComponentStatus($0, message: Status?.Message) }
                batch.statusChange = .init(status: status, startTime: StartTime?.timeIntervalSince1970,
                                           endTime: EndTime?.timeIntervalSince1970)
            }
            let parameters = Parameters ?? [:]
            try SageMakerValidation.count(parameters.count, field: "Parameters", max: TrackingLimits.parametersPerComponent)
            for (name, value) in parameters {
                let field = "Parameters.\(name)"
                try SageMakerValidation.length(name, field: "Parameters (key)", max: 320)
                switch (value.NumberValue, value.StringValue) {
                case (let number?, nil): batch.parameters[name] = .number(number)
                case (nil, let string?):
                    try SageMakerValidation.length(string, field: "\(field).StringValue", max: 2500)
                    batch.parameters[name] = .string(string)
                default:
                    throw ServerError(.badRequest, "\(field) must have exactly one of NumberValue and StringValue.", field: field)
                }
            }
            for (direction, map, member) in [(ArtifactDirection.input, InputArtifacts, "InputArtifacts"), (.output, OutputArtifacts, "OutputArtifacts")] {
                let map = map ?? [:]
                try SageMakerValidation.count(map.count, field: member, max: 60)
                for (name, artifact) in map {
                    try SageMakerValidation.length(name, field: "\(member) (key)", max: 128)
                    try SageMakerValidation.length(artifact.Value, field: "\(member).\(name).Value", max: 2048)
                    try SageMakerValidation.mediaType(artifact.MediaType, field: "\(member).\(name).MediaType")
                    batch.artifacts.append(.init(direction: direction, name: name,
                                                 artifact: StrataTracking.Artifact(value: artifact.Value, mediaType: artifact.MediaType)))
                }
            }
            for (list, member) in [(ParametersToRemove, "ParametersToRemove"), (InputArtifactsToRemove, "InputArtifactsToRemove"),
                                   (OutputArtifactsToRemove, "OutputArtifactsToRemove")] {
                for key in list ?? [] { try SageMakerValidation.length(key, field: member, max: 256) }
            }
            batch.removedParameters = ParametersToRemove ?? []
            batch.removedInputs = InputArtifactsToRemove ?? []
            batch.removedOutputs = OutputArtifactsToRemove ?? []
            try batch.validate()
            return batch
        }
    }

    struct ComponentArnReply: Encodable { var TrialComponentArn: String }

    static func createTrialComponent(_ call: SageMakerCall) async throws -> Response {
        let request = try call.decode(ComponentRequest.self)
        let batch = try request.batch()   // everything checked before the component exists
        do {
            _ = try await call.store.createComponent(request.TrialComponentName, displayName: request.DisplayName,
                                                     tags: SageMakerShapes.tags(request.Tags), sourceJob: nil)
        } catch TrackingError.alreadyExists {
            throw ServerError(.alreadyExists, "Trial component \"\(request.TrialComponentName)\" already exists.", field: "TrialComponentName")
        }
        if !batch.isEmpty { try await call.store.apply(batch) }
        return try call.reply(ComponentArnReply(TrialComponentArn: call.arns.component(request.TrialComponentName)))
    }

    static func describeTrialComponent(_ call: SageMakerCall) async throws -> Response {
        let request = try call.decode(ComponentRequest.self)
        let name = try SageMakerARN.name(fromNameOrARN: request.TrialComponentName, kind: .component, field: "TrialComponentName")
        try SageMakerValidation.name(name, field: "TrialComponentName")
        let component = try await call.store.component(named: name)
        var parents = SageMakerParents()
        try await parents.requireRead(component, call: call)
        return try call.reply(SageMakerRecords.component(component, arns: call.arns, parents: nil, withTags: false))
    }

    /// An upsert: parameters and artifacts are set by name, the `…ToRemove` lists delete, the
    /// status and times change when given; all in one write batch.
    static func updateTrialComponent(_ call: SageMakerCall) async throws -> Response {
        let request = try call.decode(ComponentRequest.self)
        let batch = try request.batch()
        if let displayName = request.DisplayName {
            _ = try await call.store.updateComponent(request.TrialComponentName, EntityUpdate(displayName: displayName))
        }
        try await call.store.apply(batch)   // an empty batch still checks that the component exists
        return try call.reply(ComponentArnReply(TrialComponentArn: call.arns.component(request.TrialComponentName)))
    }

    static func deleteTrialComponent(_ call: SageMakerCall) async throws -> Response {
        let name = try call.decode(ComponentRequest.self).TrialComponentName
        try SageMakerValidation.name(name, field: "TrialComponentName")
        try await call.store.deleteComponent(name)
        return try call.reply(ComponentArnReply(TrialComponentArn: call.arns.component(name)))
    }

    /// Experiment, trial and creation-time filters run as a query of the search language;
    /// `SourceArn` (not a key of the language) is compared here on the matching components.
    static func listTrialComponents(_ call: SageMakerCall) async throws -> Response {
        let request = try call.decode(ListRequest.self)
        try request.validate()
        let page = try request.page
        let query = SearchQuery(filter: .all(try await listFilters(request, call: call)), ordering: listOrdering(request))
        let names = try await call.store.search(query.spelling, target: .components)
        var summaries: [SageMakerRecords.ComponentSummary] = []
        let next: String?
        if let sourceArn = request.SourceArn {
            var matching: [TrialComponent] = []
            for name in names {
                let component = try await call.store.component(named: name)
                if component.sourceJob == sourceArn { matching.append(component) }
            }
            let (rows, token) = page.slice(matching)
            summaries = rows.map { SageMakerRecords.summary($0, arns: call.arns) }
            next = token
        } else {
            let (rows, token) = page.slice(names)
            for name in rows { summaries.append(SageMakerRecords.summary(try await call.store.component(named: name), arns: call.arns)) }
            next = token
        }
        struct Reply: Encodable { var TrialComponentSummaries: [SageMakerRecords.ComponentSummary]; var NextToken: String? }
        return try call.reply(Reply(TrialComponentSummaries: summaries, NextToken: next))
    }

    struct AssociationRequest: Decodable {
        var TrialComponentName: String
        var TrialName: String

        func validate() throws {
            try SageMakerValidation.name(TrialComponentName, field: "TrialComponentName")
            try SageMakerValidation.name(TrialName, field: "TrialName")
        }
    }

    struct AssociationReply: Encodable { var TrialComponentArn: String; var TrialArn: String }

    static func associateTrialComponent(_ call: SageMakerCall) async throws -> Response {
        try await changeAssociation(call, associate: true)
    }

    static func disassociateTrialComponent(_ call: SageMakerCall) async throws -> Response {
        try await changeAssociation(call, associate: false)
    }

    static func changeAssociation(_ call: SageMakerCall, associate: Bool) async throws -> Response {
        let request = try call.decode(AssociationRequest.self)
        try request.validate()
        if associate {
            try await call.store.associate(component: request.TrialComponentName, trial: request.TrialName)
        } else {
            try await call.store.disassociate(component: request.TrialComponentName, trial: request.TrialName)
        }
        return try call.reply(AssociationReply(TrialComponentArn: call.arns.component(request.TrialComponentName),
                                               TrialArn: call.arns.trial(request.TrialName)))
    }
}
