import ArgumentParser

/// `cluster dbscan --eps`: a positive finite radius, or `auto` for the k-distance knee.
enum EpsilonArgument: ExpressibleByArgument, CustomStringConvertible, Hashable, Sendable {
    /// The k-distance knee. Pipelines call this `eps: knee`; `auto` is accepted here as the same
    /// (the cluster verb has no pipeline to search `eps: auto`'s candidates with).
    case knee
    case value(Float)

    init?(argument: String) {
        if argument == "knee" || argument == "auto" { self = .knee; return }
        guard let value = Float(argument), value.isFinite, value > 0 else { return nil }
        self = .value(value)
    }

    var description: String {
        switch self {
        case .knee: "knee"
        case .value(let v): "\(v)"
        }
    }
    var defaultValueDescription: String { description }
}
