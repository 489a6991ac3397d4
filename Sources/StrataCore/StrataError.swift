/// Errors raised by the numeric core and shared by the algorithm modules for input problems.
public enum StrataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A value a caller passed is outside its allowed range; the message says what to change.
    case invalidArgument(String)
    /// Shapes of matrices or arrays do not fit together.
    case dimensionMismatch(String)
    /// The input holds NaN or ±infinity at this cell (0-based row and column).
    case nonFinite(row: Int, column: Int)
    /// The input has too few rows for the requested operation.
    case notEnoughSamples(String)
    /// A numerical routine did not converge.
    case didNotConverge(String)

    public var description: String {
        switch self {
        case .invalidArgument(let m): return m
        case .dimensionMismatch(let m): return m
        case .nonFinite(let r, let c): return "input holds NaN or infinity at row \(r), column \(c); remove or impute it first"
        case .notEnoughSamples(let m): return m
        case .didNotConverge(let m): return m
        }
    }
}
