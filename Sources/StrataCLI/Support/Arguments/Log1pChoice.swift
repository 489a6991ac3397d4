import ArgumentParser

/// `preprocess scale --log1p`: `none`, `all`, `skewed` (skewness > 1, non-negative columns), or a
/// comma-separated list of column names.
enum Log1pChoice: ExpressibleByArgument, CustomStringConvertible, Hashable, Sendable {
    case none, all, skewed
    case columns([String])

    init?(argument: String) {
        switch argument {
        case "none": self = .none
        case "all": self = .all
        case "skewed": self = .skewed
        default:
            let names = splitList(argument)
            guard !names.isEmpty else { return nil }
            self = .columns(names)
        }
    }

    /// The fixed values; any other text is read as column names.
    static var allValueStrings: [String] { ["none", "all", "skewed"] }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
    var defaultValueDescription: String { description }

    var description: String {
        switch self {
        case .none: "none"
        case .all: "all"
        case .skewed: "skewed"
        case .columns(let names): names.joined(separator: ",")
        }
    }
}
