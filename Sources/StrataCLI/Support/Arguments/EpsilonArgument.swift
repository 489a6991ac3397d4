import ArgumentParser

/// `cluster dbscan --eps`: a positive finite radius, or `auto` for the k-distance knee.
enum EpsilonArgument: ExpressibleByArgument, CustomStringConvertible, Hashable, Sendable {
    case auto
    case value(Float)

    init?(argument: String) {
        if argument == "auto" { self = .auto; return }
        guard let value = Float(argument), value.isFinite, value > 0 else { return nil }
        self = .value(value)
    }

    var description: String {
        switch self {
        case .auto: "auto"
        case .value(let v): "\(v)"
        }
    }
    var defaultValueDescription: String { description }
}
