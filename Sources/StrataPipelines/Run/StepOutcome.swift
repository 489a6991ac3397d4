import StrataTracking

/// What one step of a run did: its parameters as recorded, how long it took, whether it came
/// from the step cache, and what it fitted.
public struct StepOutcome: Sendable {
    /// `select`, `scale`, `reduce` or `cluster`.
    public var kind: String
    /// The step's options as recorded (snake_case names, numbers as numbers).
    public var parameters: [String: ParameterValue]
    public var seconds: Double
    public var cacheHit: Bool
    /// The step-cache key of this step's output (nil for the cluster step).
    public var cacheKey: String?
    public var fitted: [FittedStep]
}
