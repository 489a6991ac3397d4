import Foundation
import StrataTracking

/// Strata's records in SageMaker's output shapes (Describe replies, List summaries and Search
/// records share them; members a reply does not carry stay nil and are left out).
enum SageMakerRecords {
    struct Experiment: Encodable, Sendable {
        var ExperimentName: String
        var ExperimentArn: String
        var DisplayName: String
        var Description: String?
        var CreationTime: Date
        var CreatedBy: SageMakerShapes.UserContext?
        var LastModifiedTime: Date
        var Tags: [SageMakerShapes.Tag]?
    }

    struct ExperimentSummary: Encodable, Sendable {
        var ExperimentArn: String
        var ExperimentName: String
        var DisplayName: String
        var CreationTime: Date
        var LastModifiedTime: Date
    }

    struct Trial: Encodable, Sendable {
        var TrialName: String
        var TrialArn: String
        var DisplayName: String
        var ExperimentName: String
        var CreationTime: Date
        var LastModifiedTime: Date
        var MetadataProperties: SageMakerShapes.MetadataProperties?
        var Tags: [SageMakerShapes.Tag]?
        var TrialComponentSummaries: [ComponentSimpleSummary]?
    }

    struct TrialSummary: Encodable, Sendable {
        var TrialArn: String
        var TrialName: String
        var DisplayName: String
        var CreationTime: Date
        var LastModifiedTime: Date
    }

    struct ComponentSimpleSummary: Encodable, Sendable {
        var TrialComponentName: String
        var TrialComponentArn: String
        var TrialComponentSource: SageMakerShapes.Source?
        var CreationTime: Date
    }

    struct Component: Encodable, Sendable {
        var TrialComponentName: String
        var TrialComponentArn: String
        var DisplayName: String
        var Source: SageMakerShapes.Source?
        var Status: SageMakerShapes.Status
        var StartTime: Date?
        var EndTime: Date?
        var CreationTime: Date
        var LastModifiedTime: Date
        var Parameters: [String: SageMakerShapes.ParameterValue]
        var InputArtifacts: [String: SageMakerShapes.Artifact]
        var OutputArtifacts: [String: SageMakerShapes.Artifact]
        var Metrics: [SageMakerShapes.MetricSummary]
        var Tags: [SageMakerShapes.Tag]?
        var Parents: [SageMakerShapes.Parent]?
    }

    struct ComponentSummary: Encodable, Sendable {
        var TrialComponentName: String
        var TrialComponentArn: String
        var DisplayName: String
        var TrialComponentSource: SageMakerShapes.Source?
        var Status: SageMakerShapes.Status
        var StartTime: Date?
        var EndTime: Date?
        var CreationTime: Date
        var LastModifiedTime: Date
    }

    static func experiment(_ e: StrataTracking.Experiment, arns: SageMakerARN, withTags: Bool) -> Experiment {
        Experiment(ExperimentName: e.name, ExperimentArn: arns.experiment(e.name), DisplayName: e.displayName ?? e.name,
                   Description: e.description, CreationTime: e.createdAt,
                   CreatedBy: e.createdBy.map { SageMakerShapes.UserContext(UserProfileName: $0) },
                   LastModifiedTime: e.updatedAt, Tags: withTags ? SageMakerShapes.tagList(e.tags) : nil)
    }

    static func summary(_ e: StrataTracking.Experiment, arns: SageMakerARN) -> ExperimentSummary {
        ExperimentSummary(ExperimentArn: arns.experiment(e.name), ExperimentName: e.name, DisplayName: e.displayName ?? e.name,
                          CreationTime: e.createdAt, LastModifiedTime: e.updatedAt)
    }

    static func trial(_ t: StrataTracking.Trial, arns: SageMakerARN, withTags: Bool,
                      components: [StrataTracking.TrialComponent]? = nil) -> Trial {
        Trial(TrialName: t.name, TrialArn: arns.trial(t.name), DisplayName: t.displayName ?? t.name,
              ExperimentName: t.experimentName, CreationTime: t.createdAt, LastModifiedTime: t.updatedAt,
              MetadataProperties: SageMakerShapes.MetadataProperties(metadata: t.metadata),
              Tags: withTags ? SageMakerShapes.tagList(t.tags) : nil,
              TrialComponentSummaries: components?.map {
                  ComponentSimpleSummary(TrialComponentName: $0.name, TrialComponentArn: arns.component($0.name),
                                         TrialComponentSource: source($0), CreationTime: $0.createdAt)
              })
    }

    static func summary(_ t: StrataTracking.Trial, arns: SageMakerARN) -> TrialSummary {
        TrialSummary(TrialArn: arns.trial(t.name), TrialName: t.name, DisplayName: t.displayName ?? t.name,
                     CreationTime: t.createdAt, LastModifiedTime: t.updatedAt)
    }

    static func source(_ c: StrataTracking.TrialComponent) -> SageMakerShapes.Source? {
        c.sourceJob.map { SageMakerShapes.Source(SourceArn: $0) }
    }

    static func status(_ c: StrataTracking.TrialComponent) -> SageMakerShapes.Status {
        SageMakerShapes.Status(PrimaryStatus: c.status.primary.rawValue, Message: c.status.message)
    }

    static func component(_ c: StrataTracking.TrialComponent, arns: SageMakerARN,
                          parents: [SageMakerShapes.Parent]?, withTags: Bool) -> Component {
        func artifacts(_ map: [String: StrataTracking.Artifact]) -> [String: SageMakerShapes.Artifact] {
            map.mapValues { SageMakerShapes.Artifact(Value: $0.value, MediaType: $0.mediaType) }
        }
        let metrics = c.metrics.sorted { $0.key < $1.key }.map { name, s in
            SageMakerShapes.MetricSummary(
                MetricName: name, SourceArn: c.sourceJob,
                TimeStamp: s.lastTimestamp.isFinite ? Date(timeIntervalSince1970: s.lastTimestamp) : nil,
                Max: s.count > 0 ? s.maximum : nil, Min: s.count > 0 ? s.minimum : nil,
                Last: s.last.isFinite ? s.last : nil, Count: s.count,
                Avg: s.count > 0 ? s.average : nil, StdDev: s.count > 0 ? s.standardDeviation : nil)
        }
        return Component(
            TrialComponentName: c.name, TrialComponentArn: arns.component(c.name), DisplayName: c.displayName ?? c.name,
            Source: source(c), Status: status(c), StartTime: c.startTime, EndTime: c.endTime,
            CreationTime: c.createdAt, LastModifiedTime: c.updatedAt,
            Parameters: c.parameters.mapValues {
                switch $0 {
                case .number(let n): SageMakerShapes.ParameterValue(NumberValue: n)
                case .string(let s): SageMakerShapes.ParameterValue(StringValue: s)
                }
            },
            InputArtifacts: artifacts(c.inputs), OutputArtifacts: artifacts(c.outputs), Metrics: metrics,
            Tags: withTags ? SageMakerShapes.tagList(c.tags) : nil, Parents: parents)
    }

    static func summary(_ c: StrataTracking.TrialComponent, arns: SageMakerARN) -> ComponentSummary {
        ComponentSummary(TrialComponentName: c.name, TrialComponentArn: arns.component(c.name), DisplayName: c.displayName ?? c.name,
                         TrialComponentSource: source(c), Status: status(c), StartTime: c.startTime, EndTime: c.endTime,
                         CreationTime: c.createdAt, LastModifiedTime: c.updatedAt)
    }
}
