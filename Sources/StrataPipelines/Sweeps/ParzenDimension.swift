import Foundation

/// One parameter as the Parzen estimators of ``TPESampler`` see it: a number on a (possibly log,
/// possibly stepped) range, or the index of a choice.
struct ParzenDimension {
    enum Kind {
        /// `low`/`high` are the domain's bounds (`high` on the step grid); `step` is 0 for a
        /// continuous range. Ints are stepped ranges with their step (1 for log ints).
        case numeric(low: Double, high: Double, step: Double, log: Bool)
        case categorical(count: Int)
    }

    let kind: Kind
    let domain: ParameterDomain

    init(_ domain: ParameterDomain) {
        self.domain = domain
        switch domain {
        case .int(let low, _, let log, let step):
            let high = low + (domain.valueCount! - 1) * step
            kind = .numeric(low: Double(low), high: Double(high), step: Double(step), log: log)
        case .float(let low, let high, let log, let step):
            if let step {
                kind = .numeric(low: low, high: low + Double(domain.valueCount! - 1) * step, step: step, log: false)
            } else {
                kind = .numeric(low: low, high: high, step: 0, log: log)
            }
        case .choice(let values):
            kind = .categorical(count: values.count)
        }
    }

    /// The estimator's coordinate of `value`, or nil when the domain cannot hold it (e.g. a trial
    /// recorded under an earlier search space).
    func coordinate(of value: SweepValue) -> Double? {
        switch domain {
        case .choice(let values):
            return values.firstIndex { $0.sameValue(as: value) }.map(Double.init)
        case .int, .float:
            guard domain.contains(value), let x = value.numericValue else { return nil }
            return x
        }
    }

    /// The value at estimator coordinate `x` (already on the grid for stepped ranges).
    func value(at x: Double) -> SweepValue {
        switch domain {
        case .choice(let values): return values[Int(x)]
        case .int: return .int(Int(x.rounded()))
        case .float(_, _, _, let step): return .double(step == nil ? x : ParameterDomain.tidy(x))
        }
    }

    /// The kernel space of a numeric range: log for `log` ranges, widened by half a step on each
    /// side for stepped ones so the end values get a full cell of mass.
    var kernelBounds: (low: Double, high: Double) {
        guard case .numeric(let low, let high, let step, let log) = kind else { return (0, 0) }
        let a = low - step / 2, b = high + step / 2
        return log ? (Foundation.log(a), Foundation.log(b)) : (a, b)
    }

    func toKernelSpace(_ x: Double) -> Double {
        if case .numeric(_, _, _, true) = kind { return Foundation.log(x) }
        return x
    }

    func fromKernelSpace(_ t: Double) -> Double {
        guard case .numeric(let low, let high, let step, let log) = kind else { return t }
        let x = log ? exp(t) : t
        if step > 0 { return min(max(low + ((x - low) / step).rounded() * step, low), high) }
        return min(max(x, low), high)
    }
}
