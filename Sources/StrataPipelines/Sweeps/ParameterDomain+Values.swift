import Foundation
import StrataCore

extension SweepValue {
    /// Equality that treats `3` and `3.0` as the same value, as a store that keeps numbers as
    /// doubles would hand them back.
    func sameValue(as other: SweepValue) -> Bool {
        if let a = numericValue, let b = other.numericValue { return a == b }
        return self == other
    }

    /// The value of an int or a double (bools and strings are not numbers to a domain).
    var numericValue: Double? {
        switch self {
        case .int(let v): Double(v)
        case .double(let v): v
        case .bool, .string: nil
        }
    }
}

extension ParameterDomain {
    /// Number of values of a discrete domain (ints, stepped floats, choices); nil for a float range
    /// without a step.
    public var valueCount: Int? {
        switch self {
        case .int(let low, let high, _, let step): return (high - low) / step + 1
        case .float(let low, let high, _, let step):
            guard let step else { return low == high ? 1 : nil }
            // The tolerance keeps e.g. [0, 1] step 0.1 at 11 values despite 1/0.1 = 9.999….
            return Int(((high - low) / step * (1 + 1e-12)).rounded(.down)) + 1
        case .choice(let values): return values.count
        }
    }

    /// Value `index` of a discrete domain, in ascending order (`low + index · step`).
    func value(at index: Int) -> SweepValue {
        switch self {
        case .int(let low, _, _, let step): return .int(low + index * step)
        case .float(let low, _, _, let step):
            guard let step else { return .double(low) }
            return .double(Self.tidy(low + Double(index) * step))
        case .choice(let values): return values[index]
        }
    }

    /// Rounds away the binary noise of `low + i · step` (0.30000000000000004 → 0.3) so the
    /// values users read in trial parameters are the ones they wrote.
    static func tidy(_ value: Double) -> Double {
        Double(String(format: "%.15g", value)) ?? value
    }

    /// Whether `value` is one this domain can take (on the step grid where there is one).
    public func contains(_ value: SweepValue) -> Bool {
        switch self {
        case .int(let low, let high, _, let step):
            guard let x = value.numericValue, x == x.rounded(), x >= Double(low), x <= Double(high) else { return false }
            return (Int(x) - low) % step == 0
        case .float(let low, let high, _, let step):
            guard let x = value.numericValue, x >= low, x <= high else { return false }
            guard let step else { return true }
            let position = (x - low) / step
            return abs(position - position.rounded()) <= 1e-9 * max(1, position)
        case .choice(let values):
            return values.contains { $0.sameValue(as: value) }
        }
    }

    /// Every value a grid visits, in ascending order; throws for a float range without a step.
    func gridValues(name: String) throws(SweepSpaceError) -> [SweepValue] {
        guard let count = valueCount else {
            throw SweepSpaceError(parameter: name, reason: "a grid needs a step for a float range (e.g. step: 0.1), or use the random or tpe sampler")
        }
        return (0..<count).map { value(at: $0) }
    }

    /// A uniform draw: uniform over the values of a discrete linear domain, log-uniform for `log`
    /// ranges (ints as Optuna does: log-uniform over [low − ½, high + ½], then rounded), uniform
    /// over choices.
    func uniformDraw(using rng: inout SeededGenerator) -> SweepValue {
        switch self {
        case .int(let low, let high, let log, _):
            if log && low < high {
                let a = Foundation.log(Double(low) - 0.5), b = Foundation.log(Double(high) + 0.5)
                let x = Int(exp(a + rng.nextUnit() * (b - a)).rounded())
                return .int(min(max(x, low), high))
            }
            return value(at: rng.nextInt(below: valueCount!))
        case .float(let low, let high, let log, let step):
            if step != nil { return value(at: rng.nextInt(below: valueCount!)) }
            if low == high { return .double(low) }
            if log {
                let a = Foundation.log(low), b = Foundation.log(high)
                return .double(min(max(exp(a + rng.nextUnit() * (b - a)), low), high))
            }
            return .double(low + rng.nextUnit() * (high - low))
        case .choice(let values):
            return values[rng.nextInt(below: values.count)]
        }
    }
}
