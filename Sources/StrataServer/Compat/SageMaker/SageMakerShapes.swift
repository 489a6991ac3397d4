import Foundation
import StrataTracking

/// Members shared by several SageMaker operations, spelled as in botocore's model (hence the
/// capitalised property names: they are the wire names).
enum SageMakerShapes {
    struct Tag: Codable, Sendable, Hashable {
        var Key: String
        var Value: String
    }

    /// `ExperimentSource`, `TrialSource`, `TrialComponentSource`.
    struct Source: Codable, Sendable {
        var SourceArn: String
        var SourceType: String?
    }

    struct Status: Codable, Sendable {
        var PrimaryStatus: String?
        var Message: String?
    }

    /// `TrialComponentParameterValue`: exactly one of the two.
    struct ParameterValue: Codable, Sendable {
        var StringValue: String?
        var NumberValue: Double?
    }

    struct Artifact: Codable, Sendable {
        var Value: String
        var MediaType: String?
    }

    struct MetricSummary: Codable, Sendable {
        var MetricName: String
        var SourceArn: String?
        var TimeStamp: Date?
        var Max: Double?
        var Min: Double?
        var Last: Double?
        var Count: Int?
        var Avg: Double?
        var StdDev: Double?
    }

    struct Parent: Codable, Sendable, Hashable {
        var TrialName: String
        var ExperimentName: String
    }

    struct MetadataProperties: Codable, Sendable {
        var CommitId: String?
        var Repository: String?
        var GeneratedBy: String?
        var ProjectId: String?
    }

    /// `UserContext`, reduced to the user's name.
    struct UserContext: Codable, Sendable {
        var UserProfileName: String?
    }

    static let primaryStatuses = TrialComponentStatus.Primary.allCases.map(\.rawValue)
    static let sortOrders = ["Ascending", "Descending"]

    static func tags(_ tags: [Tag]?) -> [String: String] {
        Dictionary((tags ?? []).map { ($0.Key, $0.Value) }, uniquingKeysWith: { _, last in last })
    }

    static func tagList(_ tags: [String: String]) -> [Tag] {
        tags.sorted { $0.key < $1.key }.map { Tag(Key: $0.key, Value: $0.value) }
    }
}

extension SageMakerShapes.MetadataProperties {
    /// Kept in a trial's metadata under the SageMaker member names.
    var metadata: [String: String] {
        var result: [String: String] = [:]
        result["CommitId"] = CommitId; result["Repository"] = Repository
        result["GeneratedBy"] = GeneratedBy; result["ProjectId"] = ProjectId
        return result
    }

    init?(metadata: [String: String]) {
        self.init(CommitId: metadata["CommitId"], Repository: metadata["Repository"],
                  GeneratedBy: metadata["GeneratedBy"], ProjectId: metadata["ProjectId"])
        if CommitId == nil && Repository == nil && GeneratedBy == nil && ProjectId == nil { return nil }
    }

    func validate(field: String = "MetadataProperties") throws {
        for (value, member) in [(CommitId, "CommitId"), (Repository, "Repository"), (GeneratedBy, "GeneratedBy"), (ProjectId, "ProjectId")] {
            try SageMakerValidation.length(value, field: "\(field).\(member)", max: 1024)
        }
    }
}
