/// One value a sweep assigns to a parameter: what a `search_space` entry of a pipeline file
/// produces and what a ``Sampler`` proposes.
public enum SweepValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)

    /// The value as a number where it is one (ints and doubles; bools as 0/1), else nil.
    public var number: Double? {
        switch self {
        case .int(let v): Double(v)
        case .double(let v): v
        case .bool(let v): v ? 1 : 0
        case .string: nil
        }
    }

    public var description: String {
        switch self {
        case .int(let v): String(v)
        case .double(let v): String(v)
        case .string(let v): v
        case .bool(let v): String(v)
        }
    }
}

/// The values one parameter of a sweep may take.
///
/// - `int` and `float` ranges are inclusive; `log` samples uniformly in log space (both bounds
///   must then be positive); `step` makes a range discrete (`low`, `low + step`, … ≤ `high`),
///   which a grid needs for floats.
/// - `choice` is categorical: no order or distance between its values is assumed.
public enum ParameterDomain: Sendable, Hashable, Codable {
    case int(low: Int, high: Int, log: Bool = false, step: Int = 1)
    case float(low: Double, high: Double, log: Bool = false, step: Double? = nil)
    case choice([SweepValue])
}

/// One named dimension of a ``SearchSpace``, e.g. `steps.cluster.min_samples`, active only when
/// every parameter named in `condition` holds one of the listed values (the file's `when:`).
public struct SearchParameter: Sendable, Hashable, Codable {
    public var name: String
    public var domain: ParameterDomain
    /// Parameter name → the values under which this parameter is active; empty = always active.
    public var condition: [String: [SweepValue]]

    public init(name: String, domain: ParameterDomain, condition: [String: [SweepValue]] = [:]) {
        self.name = name; self.domain = domain; self.condition = condition
    }

    /// Whether this parameter is active under `assignment` (a condition on a parameter that is
    /// itself absent from `assignment` is not met).
    public func isActive(in assignment: [String: SweepValue]) -> Bool {
        for (other, allowed) in condition {
            guard let value = assignment[other], allowed.contains(value) else { return false }
        }
        return true
    }
}

/// The parameters a sweep explores, in the order the file lists them. Conditions may only refer
/// to parameters listed earlier, so a sampler can fill an assignment front to back.
public struct SearchSpace: Sendable, Hashable, Codable {
    public var parameters: [SearchParameter]

    public init(parameters: [SearchParameter]) { self.parameters = parameters }
}

/// One assignment of values to the active parameters of a ``SearchSpace``.
public typealias ParameterAssignment = [String: SweepValue]

/// What a sampler learns from one trial of a sweep.
public struct SweepObservation: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        /// Finished with an objective value that meets the constraints.
        case complete
        /// Finished, but broke a constraint: ranks below every feasible trial.
        case infeasible
        /// Failed with an error: carries no value.
        case failed
        /// Asked and not finished yet (other workers may be running it).
        case running
    }

    /// Trial number within the sweep, from 0 in the order points were asked.
    public var number: Int
    public var assignment: ParameterAssignment
    public var state: State
    /// The objective, oriented so that **smaller is better** (the sweep negates a maximised
    /// metric). Present for `complete` and `infeasible` trials.
    public var value: Double?

    public init(number: Int, assignment: ParameterAssignment, state: State, value: Double? = nil) {
        self.number = number; self.assignment = assignment; self.state = state; self.value = value
    }
}

/// Proposes the next point of a sweep from everything observed so far.
///
/// Samplers are deterministic functions of `(seed, trial number, history)`: a resumed sweep that
/// replays the same history asks the same points.
public protocol Sampler: Sendable {
    /// The assignment for trial `number`, given every earlier trial (`history`, any state).
    /// Returns nil when the sampler has nothing left to propose (an exhausted grid).
    func suggest(number: Int, space: SearchSpace, history: [SweepObservation]) throws -> ParameterAssignment?

    /// How many distinct points the sampler can propose over `space`, or nil when it is
    /// unbounded. A sweep never asks for more, so its progress counts toward the smaller of
    /// this and `--trials`.
    func pointLimit(_ space: SearchSpace) throws -> Int?
}

extension Sampler {
    /// Random and model-based samplers propose points without end.
    public func pointLimit(_ space: SearchSpace) throws -> Int? { nil }
}
