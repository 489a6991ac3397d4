/// A point of a search space reduced to what identifies it: the space's active parameters in the
/// space's order, numbers compared by value (so `3` and `3.0` from a store are the same point).
/// Names outside the space are ignored.
struct SweepPointKey: Hashable {
    private let parts: [String]

    init(_ assignment: ParameterAssignment, in space: SearchSpace) {
        parts = space.parameters.map { parameter in
            guard let value = assignment[parameter.name] else { return "-" }
            if let x = value.numericValue { return "n\(x)" }
            if case .bool(let b) = value { return "b\(b)" }
            return "s\(value.description)"
        }
    }
}
