/// Typed reads from one mapping of the pipeline tree, each error naming the value's origin and
/// its full key (`steps.cluster.eps`).
struct SpecMapping {
    let node: SpecNode
    /// The dotted key of this mapping (`steps.cluster`), prefixed to every error's key.
    let path: String
    let entries: [SpecEntry]

    init(_ node: SpecNode, path: String) throws(PipelineError) {
        guard let entries = node.entries else {
            throw PipelineError.invalid(origin: node.origin, key: path, message: "expected a mapping of options, got \(node.shapeName)")
        }
        self.node = node; self.path = path; self.entries = entries
    }

    func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    /// Throws for the first key not in `valid`, suggesting the closest valid key.
    func requireKnownKeys(_ valid: [String]) throws(PipelineError) {
        for entry in entries where !valid.contains(entry.key) {
            throw PipelineError.invalid(origin: entry.keyOrigin, key: key(entry.key),
                                        message: KeySuggestion.unknownKeyMessage(entry.key, valid: valid))
        }
    }

    subscript(name: String) -> SpecNode? { node[name] }

    func fail(_ name: String, _ message: String) -> PipelineError {
        PipelineError.invalid(origin: node[name]?.origin ?? node.origin, key: key(name), message: message)
    }

    private func scalar(_ name: String, expected: String) throws(PipelineError) -> String? {
        guard let value = node[name] else { return nil }
        guard case .scalar(let text, _, _) = value else { throw fail(name, "expected \(expected), got \(value.shapeName)") }
        return text
    }

    func string(_ name: String, oneOf allowed: [String]? = nil) throws(PipelineError) -> String? {
        let expected = allowed.map { "one of \($0.joined(separator: ", "))" } ?? "a string"
        guard let text = try scalar(name, expected: expected) else { return nil }
        if let allowed, !allowed.contains(text) {
            let hint = KeySuggestion.closest(to: text, among: allowed).map { "; did you mean \"\($0)\"?" } ?? ""
            throw fail(name, "expected \(expected), got \"\(text)\"\(hint)")
        }
        return text
    }

    func double(_ name: String, _ range: ClosedRange<Double>? = nil, rangeText: String? = nil) throws(PipelineError) -> Double? {
        let expected = rangeText ?? "a number"
        guard let text = try scalar(name, expected: expected) else { return nil }
        guard let value = Double(text), value.isFinite else { throw fail(name, "expected \(expected), got \"\(text)\"") }
        if let range, !range.contains(value) { throw fail(name, "expected \(expected), got \(text)") }
        return value
    }

    /// `orWord`: a word the caller accepts too (checked before), named in the error.
    func int(_ name: String, minimum: Int = Int.min, orWord: String? = nil) throws(PipelineError) -> Int? {
        var expected = minimum == Int.min ? "a whole number" : "a whole number ≥ \(minimum)"
        if let orWord { expected += " or \"\(orWord)\"" }
        guard let text = try scalar(name, expected: expected) else { return nil }
        let value: Int
        if let exact = Int(text) {
            value = exact
        } else if let real = Double(text), real.isFinite, real == real.rounded(), abs(real) < 1e15 {
            value = Int(real)
        } else {
            throw fail(name, "expected \(expected), got \"\(text)\"")
        }
        guard value >= minimum else { throw fail(name, "expected \(expected), got \(value)") }
        return value
    }

    func seed(_ name: String) throws(PipelineError) -> UInt64? {
        guard let value = try int(name, minimum: 0) else { return nil }
        return UInt64(value)
    }

    func bool(_ name: String) throws(PipelineError) -> Bool? {
        guard let text = try scalar(name, expected: "true or false") else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail(name, "expected true or false, got \"\(text)\"")
        }
    }

    /// A list of strings, or nil when absent.
    func strings(_ name: String) throws(PipelineError) -> [String]? {
        guard let value = node[name] else { return nil }
        guard case .sequence(let items, _) = value else { throw fail(name, "expected a list like [a, b], got \(value.shapeName)") }
        var out: [String] = []
        for item in items {
            guard case .scalar(let text, _, _) = item else {
                throw PipelineError.invalid(origin: item.origin, key: key(name), message: "expected a list of names, got \(item.shapeName) in it")
            }
            out.append(text)
        }
        return out
    }
}
