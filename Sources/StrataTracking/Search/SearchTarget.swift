/// What a search returns: trial components (one row per component) or trials (a trial matches
/// a predicate when any of its components does; see Guides/Search.md for the ordering rule).
public enum SearchTarget: String, Sendable, Hashable, Codable, CaseIterable {
    case components
    case trials
}
