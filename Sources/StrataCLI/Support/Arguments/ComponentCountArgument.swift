import ArgumentParser
import StrataTransforms

/// `reduce pca --n-components`: a whole number of components, or a fraction in (0, 1) of the
/// variance to keep (scikit-learn's `n_components`).
struct ComponentCountArgument: ExpressibleByArgument, CustomStringConvertible, Hashable, Sendable {
    let count: PCA.ComponentCount
    /// The text as typed, which is what gets recorded.
    let description: String

    init?(argument: String) {
        if let k = Int(argument), k >= 1 { count = .count(k) }
        else if Int(argument) == nil, let f = Double(argument), f > 0, f < 1 { count = .varianceFraction(f) }
        else { return nil }
        description = argument
    }

    var defaultValueDescription: String { description }
}
