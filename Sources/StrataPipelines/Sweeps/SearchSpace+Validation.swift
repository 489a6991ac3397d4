extension SearchSpace {
    /// Checks that every sampler can work with this space; throws the first problem found, naming
    /// its parameter: empty or reversed ranges, non-positive log bounds, steps that are not
    /// positive, `log` combined with `step`, empty or repeated choices, repeated names, and
    /// conditions that name an unknown or later parameter or a value it cannot take.
    public func validate() throws(SweepSpaceError) {
        if parameters.isEmpty {
            throw SweepSpaceError(parameter: "", reason: "no parameters to search; list at least one")
        }
        var seen: [String: ParameterDomain] = [:]
        for parameter in parameters {
            if seen[parameter.name] != nil {
                throw SweepSpaceError(parameter: parameter.name, reason: "listed twice; each parameter appears once")
            }
            try parameter.domain.validate(name: parameter.name)
            for (other, values) in parameter.condition.sorted(by: { $0.key < $1.key }) {
                guard let domain = seen[other] else {
                    let known = parameters.contains { $0.name == other }
                    throw SweepSpaceError(parameter: parameter.name, reason: known
                        ? "`when` names \(other), which must be listed before \(parameter.name)"
                        : "`when` names \(other), which is not a parameter of the search space")
                }
                if values.isEmpty {
                    throw SweepSpaceError(parameter: parameter.name, reason: "`when` lists no value for \(other)")
                }
                for value in values where !domain.contains(value) {
                    throw SweepSpaceError(parameter: parameter.name,
                                          reason: "`when` expects \(other) = \(value), a value \(other) cannot take")
                }
            }
            seen[parameter.name] = parameter.domain
        }
    }
}

extension ParameterDomain {
    func validate(name: String) throws(SweepSpaceError) {
        switch self {
        case .int(let low, let high, let log, let step):
            if low > high { throw SweepSpaceError(parameter: name, reason: "int range [\(low), \(high)] is empty; expected low ≤ high") }
            if step < 1 { throw SweepSpaceError(parameter: name, reason: "step \(step) must be a positive integer") }
            if high.subtractingReportingOverflow(low).overflow || high - low == Int.max {
                throw SweepSpaceError(parameter: name, reason: "int range [\(low), \(high)] is too wide; keep high − low below \(Int.max)")
            }
            if log && low < 1 { throw SweepSpaceError(parameter: name, reason: "log range needs low ≥ 1, got \(low)") }
            if log && step != 1 { throw SweepSpaceError(parameter: name, reason: "log and step cannot be combined") }
        case .float(let low, let high, let log, let step):
            if !low.isFinite || !high.isFinite {
                throw SweepSpaceError(parameter: name, reason: "float bounds must be finite numbers, got [\(low), \(high)]")
            }
            if low > high { throw SweepSpaceError(parameter: name, reason: "float range [\(low), \(high)] is empty; expected low ≤ high") }
            if log && low <= 0 { throw SweepSpaceError(parameter: name, reason: "log range needs low > 0, got \(low)") }
            if let step {
                if !(step > 0) || !step.isFinite { throw SweepSpaceError(parameter: name, reason: "step \(step) must be a positive number") }
                if (high - low) / step > 1e12 {
                    throw SweepSpaceError(parameter: name, reason: "step \(step) cuts [\(low), \(high)] into more than 10¹² values; use a larger step or none")
                }
                if log { throw SweepSpaceError(parameter: name, reason: "log and step cannot be combined") }
            }
        case .choice(let values):
            if values.isEmpty { throw SweepSpaceError(parameter: name, reason: "choice lists no value") }
            if Set(values).count != values.count {
                throw SweepSpaceError(parameter: name, reason: "choice lists a value twice: \(values.map(\.description).joined(separator: ", "))")
            }
            for case .double(let v) in values where !v.isFinite {
                throw SweepSpaceError(parameter: name, reason: "choice value \(v) is not a finite number")
            }
        }
    }
}
