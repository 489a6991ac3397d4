extension SpecNode {
    /// A sweep value as a tree node.
    init(_ value: SweepValue, origin: SpecOrigin) {
        switch value {
        case .int(let v): self = .scalar(String(v), quoted: false, origin: origin)
        case .double(let v): self = .scalar(String(v), quoted: false, origin: origin)
        case .bool(let v): self = .scalar(String(v), quoted: false, origin: origin)
        case .string(let v): self = .scalar(v, quoted: true, origin: origin)
        }
    }

    /// The tree with the value at a dotted key replaced or added. `steps.<kind>.<option>`
    /// addresses the step of that kind in the `steps` list; other keys address mappings.
    func setting(_ key: String, to value: SpecNode) throws(PipelineError) -> SpecNode {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else {
            throw PipelineError.invalid(origin: value.origin, key: key, message: "expected a dotted key such as steps.cluster.eps")
        }
        if parts[0] == "steps" {
            guard parts.count >= 3 else {
                throw PipelineError.invalid(origin: value.origin, key: key, message: "expected steps.<step>.<option>, e.g. steps.cluster.eps")
            }
            return try settingStep(parts[1], path: Array(parts.dropFirst(2)), fullKey: key, to: value)
        }
        return try setting(path: parts[...], fullKey: key, to: value)
    }

    private func setting(path: ArraySlice<String>, fullKey: String, to value: SpecNode) throws(PipelineError) -> SpecNode {
        guard let first = path.first else { return value }
        guard case .mapping(var entries, let origin) = self else {
            throw PipelineError.invalid(origin: value.origin, key: fullKey, message: "\(first) is not inside a mapping in the file")
        }
        if let index = entries.firstIndex(where: { $0.key == first }) {
            entries[index].value = try entries[index].value.setting(path: path.dropFirst(), fullKey: fullKey, to: value)
        } else {
            let empty = SpecNode.mapping([], origin: value.origin)
            let child = path.count == 1 ? value : try empty.setting(path: path.dropFirst(), fullKey: fullKey, to: value)
            entries.append(SpecEntry(key: first, keyOrigin: value.origin, value: child))
        }
        return .mapping(entries, origin: origin)
    }

    private func settingStep(_ kind: String, path: [String], fullKey: String, to value: SpecNode) throws(PipelineError) -> SpecNode {
        guard case .mapping(var entries, let origin) = self,
              let stepsIndex = entries.firstIndex(where: { $0.key == "steps" }),
              case .sequence(var steps, let stepsOrigin) = entries[stepsIndex].value else {
            throw PipelineError.invalid(origin: value.origin, key: fullKey, message: "the pipeline has no steps list")
        }
        guard let index = steps.firstIndex(where: { $0.entries?.first?.key == kind }),
              case .mapping(var stepEntries, let stepOrigin) = steps[index] else {
            let present = steps.compactMap { $0.entries?.first?.key }
            throw PipelineError.invalid(origin: value.origin, key: fullKey,
                                        message: "the pipeline has no \(kind) step (steps: \(present.joined(separator: ", ")))")
        }
        stepEntries[0].value = try stepEntries[0].value.setting(path: path[...], fullKey: fullKey, to: value)
        steps[index] = .mapping(stepEntries, origin: stepOrigin)
        entries[stepsIndex].value = .sequence(steps, origin: stepsOrigin)
        return .mapping(entries, origin: origin)
    }
}
