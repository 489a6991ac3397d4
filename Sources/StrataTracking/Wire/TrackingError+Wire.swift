extension TrackingError {
    /// The error as flat string fields (`case` plus its values), so a server can send it and a
    /// remote store rebuild the same case: `["case": "hasChildren", "kind": "experiment",
    /// "name": "exp", "childCount": "2"]`.
    public var wireFields: [String: String] {
        switch self {
        case let .invalidName(kind, name): ["case": "invalidName", "kind": kind.rawValue, "name": name]
        case let .invalidValue(field, reason): ["case": "invalidValue", "field": field, "reason": reason]
        case let .limitExceeded(what, limit, actual):
            ["case": "limitExceeded", "what": what, "limit": String(limit), "actual": String(actual)]
        case let .nonFiniteMetric(name, value): ["case": "nonFiniteMetric", "name": name, "value": String(value)]
        case let .nonFiniteParameter(name): ["case": "nonFiniteParameter", "name": name]
        case let .notFound(kind, name): ["case": "notFound", "kind": kind.rawValue, "name": name]
        case let .conflict(message): ["case": "conflict", "message": message]
        case let .alreadyExists(kind, name): ["case": "alreadyExists", "kind": kind.rawValue, "name": name]
        case let .hasChildren(kind, name, count):
            ["case": "hasChildren", "kind": kind.rawValue, "name": name, "childCount": String(count)]
        case let .unsafeArtifactName(name): ["case": "unsafeArtifactName", "name": name]
        case let .invalidStoreURL(url): ["case": "invalidStoreURL", "url": url]
        case let .trackerClosed(component): ["case": "trackerClosed", "component": component]
        case let .storage(message): ["case": "storage", "message": message]
        }
    }

    /// The error ``wireFields`` describes, or nil when they describe none.
    public init?(wireFields fields: [String: String]) {
        let kind = fields["kind"].flatMap(EntityKind.init(rawValue:))
        let name = fields["name"]
        switch fields["case"] {
        case "invalidName": guard let kind, let name else { return nil }; self = .invalidName(kind: kind, name: name)
        case "invalidValue":
            guard let field = fields["field"], let reason = fields["reason"] else { return nil }
            self = .invalidValue(field: field, reason: reason)
        case "limitExceeded":
            guard let what = fields["what"], let limit = fields["limit"].flatMap({ Int($0) }),
                  let actual = fields["actual"].flatMap({ Int($0) }) else { return nil }
            self = .limitExceeded(what: what, limit: limit, actual: actual)
        case "nonFiniteMetric":
            guard let name else { return nil }
            self = .nonFiniteMetric(name: name, value: fields["value"].flatMap { Double($0) } ?? .nan)
        case "nonFiniteParameter": guard let name else { return nil }; self = .nonFiniteParameter(name: name)
        case "notFound": guard let kind, let name else { return nil }; self = .notFound(kind: kind, name: name)
        case "conflict": guard let message = fields["message"] else { return nil }; self = .conflict(message)
        case "alreadyExists": guard let kind, let name else { return nil }; self = .alreadyExists(kind: kind, name: name)
        case "hasChildren":
            guard let kind, let name, let count = fields["childCount"].flatMap({ Int($0) }) else { return nil }
            self = .hasChildren(kind: kind, name: name, childCount: count)
        case "unsafeArtifactName": guard let name else { return nil }; self = .unsafeArtifactName(name)
        case "invalidStoreURL": guard let url = fields["url"] else { return nil }; self = .invalidStoreURL(url)
        case "trackerClosed": guard let component = fields["component"] else { return nil }; self = .trackerClosed(component: component)
        case "storage": guard let message = fields["message"] else { return nil }; self = .storage(message)
        default: return nil
        }
    }
}
