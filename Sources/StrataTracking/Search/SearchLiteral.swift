/// A literal value in a search: a number or a text.
///
/// Numbers keep their source spelling so that comparing a text key (a tag, a name) with `2`
/// compares with the text `"2"` the user typed, not with `"2.0"`.
public enum SearchLiteral: Sendable, Hashable, Codable {
    case number(Double, text: String)
    case string(String)

    public static func number(_ value: Double) -> SearchLiteral {
        .number(value, text: SearchLiteral.spell(value))
    }

    /// The value as text (numbers in their source spelling).
    public var textValue: String {
        switch self {
        case .number(_, let text): return text
        case .string(let s): return s
        }
    }

    static func spell(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
