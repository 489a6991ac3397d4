import ArgumentParser
import StrataData

/// `--impute`: what a missing cell becomes — an error (the default), the column's mean, median,
/// zero, or a given finite number.
enum ImputeChoice: ExpressibleByArgument, CustomStringConvertible, Hashable, Sendable {
    case error, mean, median, zero
    case constant(Float)

    init?(argument: String) {
        switch argument {
        case "error": self = .error
        case "mean": self = .mean
        case "median": self = .median
        case "zero": self = .zero
        default:
            guard let value = Float(argument), value.isFinite else { return nil }
            self = .constant(value)
        }
    }

    /// The named values; a finite number is accepted too.
    static var allValueStrings: [String] { ["error", "mean", "median", "zero"] }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
    var defaultValueDescription: String { description }

    var description: String {
        switch self {
        case .error: "error"
        case .mean: "mean"
        case .median: "median"
        case .zero: "zero"
        case .constant(let value): "\(value)"
        }
    }

    var policy: MissingValuePolicy {
        switch self {
        case .error: .error
        case .mean: .impute(.mean)
        case .median: .impute(.median)
        case .zero: .impute(.zero)
        case .constant(let value): .impute(.constant(value))
        }
    }
}
