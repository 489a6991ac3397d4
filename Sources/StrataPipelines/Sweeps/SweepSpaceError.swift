/// A search space a sampler cannot work with: names the parameter (as the pipeline file writes it)
/// and says what was expected.
///
/// ```swift
/// do { _ = try GridSampler().count(space) }
/// catch let error as SweepSpaceError { print(error) }
/// // search_space.steps.reduce.min_dist: a grid needs a step for a float range (e.g. step: 0.1)
/// ```
public struct SweepSpaceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The parameter at fault (empty when the space as a whole is at fault).
    public var parameter: String
    /// What is wrong and what was expected.
    public var reason: String

    public init(parameter: String, reason: String) {
        self.parameter = parameter; self.reason = reason
    }

    public var description: String {
        parameter.isEmpty ? "search_space: \(reason)" : "search_space.\(parameter): \(reason)"
    }
}
