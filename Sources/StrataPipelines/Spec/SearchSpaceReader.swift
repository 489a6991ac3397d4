/// Reads `search_space:`: one entry per swept key, `{int: [lo, hi]}`, `{float: [lo, hi]}` or
/// `{choice: [...]}`, with optional `log: true`, `step:` and `when: {other.key: value | [values]}`.
enum SearchSpaceReader {
    static func read(_ root: SpecMapping, steps: SpecNode?) throws(PipelineError) -> SearchSpace {
        guard let node = root["search_space"] else { return SearchSpace(parameters: []) }
        let mapping = try SpecMapping(node, path: "search_space")
        let presentSteps = stepKinds(in: steps)
        var parameters: [SearchParameter] = []
        for entry in mapping.entries {
            try checkKey(entry, presentSteps: presentSteps)
            let spec = try SpecMapping(entry.value, path: "search_space.\(entry.key)")
            try spec.requireKnownKeys(["int", "float", "choice", "log", "step", "when"])
            let kinds = ["int", "float", "choice"].filter { spec[$0] != nil }
            guard kinds.count == 1 else {
                throw PipelineError.invalid(origin: entry.value.origin, key: spec.path,
                                            message: "expected exactly one of int: [low, high], float: [low, high] or choice: [values]")
            }
            let log = try spec.bool("log") ?? false
            let domain: ParameterDomain
            switch kinds[0] {
            case "int":
                guard let (low, high) = try PipelineSpec.bounds(spec, "int"), low == low.rounded(), high == high.rounded() else {
                    throw spec.fail("int", "expected [low, high] with two whole numbers")
                }
                let step = try spec.int("step", minimum: 1) ?? 1
                if log, low <= 0 { throw spec.fail("log", "a log scale needs a positive low bound, got \(Int(low))") }
                if log, step != 1 { throw spec.fail("step", "a log scale cannot have a step") }
                domain = .int(low: Int(low), high: Int(high), log: log, step: step)
            case "float":
                guard let (low, high) = try PipelineSpec.bounds(spec, "float") else { throw spec.fail("float", "expected [low, high]") }
                let step = try spec.double("step", Double.leastNonzeroMagnitude...Double.greatestFiniteMagnitude, rangeText: "a positive number")
                if log, low <= 0 { throw spec.fail("log", "a log scale needs a positive low bound, got \(low)") }
                if log, step != nil { throw spec.fail("step", "a log scale cannot have a step") }
                domain = .float(low: low, high: high, log: log, step: step)
            default:
                guard case .sequence(let items, _) = spec["choice"]!, !items.isEmpty else {
                    throw spec.fail("choice", "expected a non-empty list of values")
                }
                var values: [SweepValue] = []
                for item in items {
                    guard let value = sweepValue(item) else {
                        throw PipelineError.invalid(origin: item.origin, key: "\(spec.path).choice", message: "expected plain values, got \(item.shapeName)")
                    }
                    if values.contains(value) { throw spec.fail("choice", "the value \(value) is listed twice") }
                    values.append(value)
                }
                if log || spec["step"] != nil { throw spec.fail(log ? "log" : "step", "a choice takes no log or step") }
                domain = .choice(values)
            }
            let condition = try readCondition(spec, declared: parameters.map(\.name))
            parameters.append(SearchParameter(name: entry.key, domain: domain, condition: condition))
        }
        return SearchSpace(parameters: parameters)
    }

    /// A plain YAML scalar as a sweep value: quoted text stays a string; numbers and booleans
    /// are typed.
    static func sweepValue(_ node: SpecNode) -> SweepValue? {
        guard case .scalar(let text, let quoted, _) = node else { return nil }
        if quoted { return .string(text) }
        if let v = Int(text) { return .int(v) }
        if let v = Double(text), v.isFinite { return .double(v) }
        switch text.lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: return .string(text)
        }
    }

    private static func stepKinds(in steps: SpecNode?) -> [String] {
        guard case .sequence(let items, _)? = steps else { return [] }
        return items.compactMap { $0.entries?.first?.key }
    }

    private static func checkKey(_ entry: SpecEntry, presentSteps: [String]) throws(PipelineError) {
        let parts = entry.key.split(separator: ".").map(String.init)
        guard parts.count == 3, parts[0] == "steps" else {
            throw PipelineError.invalid(origin: entry.keyOrigin, key: "search_space.\(entry.key)",
                                        message: "a swept key names a step option: steps.<step>.<option>, e.g. steps.cluster.eps")
        }
        guard presentSteps.contains(parts[1]) else {
            throw PipelineError.invalid(origin: entry.keyOrigin, key: "search_space.\(entry.key)",
                                        message: "the pipeline has no \(parts[1]) step (steps: \(presentSteps.joined(separator: ", ")))")
        }
        let valid = PipelineSpec.allOptions(of: parts[1]) ?? []
        guard valid.contains(parts[2]) else {
            throw PipelineError.invalid(origin: entry.keyOrigin, key: "search_space.\(entry.key)",
                                        message: KeySuggestion.unknownKeyMessage(parts[2], valid: valid))
        }
    }

    private static func readCondition(_ spec: SpecMapping, declared: [String]) throws(PipelineError) -> [String: [SweepValue]] {
        guard let node = spec["when"] else { return [:] }
        let when = try SpecMapping(node, path: "\(spec.path).when")
        var condition: [String: [SweepValue]] = [:]
        for entry in when.entries {
            guard declared.contains(entry.key) else {
                throw PipelineError.invalid(origin: entry.keyOrigin, key: when.key(entry.key),
                                            message: "a condition must name a swept key listed above it (\(declared.isEmpty ? "none yet" : declared.joined(separator: ", ")))")
            }
            let items: [SpecNode]
            if case .sequence(let list, _) = entry.value { items = list } else { items = [entry.value] }
            var values: [SweepValue] = []
            for item in items {
                guard let value = sweepValue(item) else {
                    throw PipelineError.invalid(origin: item.origin, key: when.key(entry.key), message: "expected a value or a list of values")
                }
                values.append(value)
            }
            condition[entry.key] = values
        }
        return condition
    }
}
