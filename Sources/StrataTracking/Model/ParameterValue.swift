/// A trial component's parameter: a number or a string (SageMaker's `TrialComponentParameterValue`).
///
/// ```swift
/// let parameters: [String: ParameterValue] = ["algorithm": "dbscan", "epsilon": 0.3, "minSamples": 10]
/// ```
///
/// A number compares as a number in search and sorting, a string as a string. Numbers must be
/// finite; strings hold at most ``TrackingLimits/parameterStringLength`` characters.
public enum ParameterValue: Sendable, Hashable, Codable, CustomStringConvertible,
    ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    case number(Double)
    case string(String)

    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(stringLiteral value: String) { self = .string(value) }

    public var numberValue: Double? { if case .number(let value) = self { value } else { nil } }
    public var stringValue: String? { if case .string(let value) = self { value } else { nil } }

    public var description: String {
        switch self {
        case .number(let value):
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let value): value
        }
    }
}
