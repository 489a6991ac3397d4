import Foundation
import StrataTracking

/// ARNs of the records as SageMaker spells them: `arn:aws:sagemaker:<region>:<account>:experiment/<name>`,
/// `experiment-trial/<name>`, `experiment-trial-component/<name>`.
struct SageMakerARN: Sendable {
    var region: String
    var account: String

    static func resourceType(_ kind: EntityKind) -> String {
        switch kind {
        case .experiment: "experiment"
        case .trial: "experiment-trial"
        case .component: "experiment-trial-component"
        }
    }

    func arn(_ kind: EntityKind, _ name: String) -> String {
        "arn:aws:sagemaker:\(region):\(account):\(Self.resourceType(kind))/\(name)"
    }

    func experiment(_ name: String) -> String { arn(.experiment, name) }
    func trial(_ name: String) -> String { arn(.trial, name) }
    func component(_ name: String) -> String { arn(.component, name) }

    /// The kind and name an ARN of this family names; any region and account are accepted (a
    /// client may be configured with another region than the server shows).
    static func parse(_ arn: String, field: String) throws -> (kind: EntityKind, name: String) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "sagemaker",
              parts[4].count == 12, parts[4].allSatisfy(\.isNumber),
              let slash = parts[5].firstIndex(of: "/") else {
            throw ServerError(.badRequest, "Value \"\(arn)\" at '\(field)' is not a SageMaker ARN (arn:aws:sagemaker:<region>:<12-digit account>:<type>/<name>).", field: field)
        }
        let type = parts[5][..<slash]
        let name = String(parts[5][parts[5].index(after: slash)...])
        guard let kind = EntityKind.allCases.first(where: { resourceType($0) == type }) else {
            throw ServerError(.badRequest, "\(field) names a \(type) resource; this server keeps experiments, trials and trial components only.", field: field)
        }
        try SageMakerValidation.name(name, field: field)
        return (kind, name)
    }

    /// A name, or the name inside an ARN of `kind` (DescribeTrialComponent accepts both).
    static func name(fromNameOrARN value: String, kind: EntityKind, field: String) throws -> String {
        guard value.hasPrefix("arn:") else { return value }
        let parsed = try parse(value, field: field)
        guard parsed.kind == kind else {
            throw ServerError(.badRequest, "\(field) must name a \(kind), not a \(parsed.kind).", field: field)
        }
        return parsed.name
    }
}
