extension ParameterValue {
    /// A parameter is written as the JSON value it holds (`4`, `"kmeans"`), as APIs and `--json`
    /// output show it, not as a tagged object.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else {
            throw DecodingError.typeMismatch(ParameterValue.self, .init(
                codingPath: decoder.codingPath, debugDescription: "a parameter value is a number or a string"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }
}
