import StrataCore

/// Draws every active parameter independently: uniform over int and stepped ranges and over
/// choices, log-uniform over `log` ranges, uniform over plain float ranges.
///
/// The draw for parameter `p` of trial `n` comes from its own stream, a function of
/// `(seed, n, p)` only: the history is not read, so the points do not depend on the order in
/// which trials finished, on how many workers ran, or on a resume.
///
/// ```swift
/// let sampler = RandomSampler(seed: 42)
/// let point = try sampler.suggest(number: 7, space: space, history: [])   // same for every run
/// ```
///
/// Complexity: O(parameters) per suggestion. Bergstra & Bengio, "Random Search for
/// Hyper-Parameter Optimization", JMLR 2012.
public struct RandomSampler: Sampler {
    public var seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    public func suggest(number: Int, space: SearchSpace, history: [SweepObservation]) throws -> ParameterAssignment? {
        try space.validate()
        return sample(number: number, space: space)
    }

    /// The assignment for trial `number` (the space is assumed valid).
    func sample(number: Int, space: SearchSpace) -> ParameterAssignment {
        var assignment: ParameterAssignment = [:]
        for (index, parameter) in space.parameters.enumerated() where parameter.isActive(in: assignment) {
            var rng = Self.stream(seed: seed, purpose: 0x52414E44, number: number, index: index)
            assignment[parameter.name] = parameter.domain.uniformDraw(using: &rng)
        }
        return assignment
    }

    /// An independent generator for one (seed, purpose, trial, item) tuple.
    static func stream(seed: UInt64, purpose: UInt64, number: Int, index: Int) -> SeededGenerator {
        var h = SplitMix64.mix(seed ^ SplitMix64.mix(purpose))
        h = SplitMix64.mix(h &+ UInt64(truncatingIfNeeded: number))
        h = SplitMix64.mix(h &+ UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15)
        return SeededGenerator(seed: h)
    }
}
