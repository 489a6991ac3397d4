/// Sorting and paging of a listing.
///
/// ```swift
/// let newest = try await store.experiments(ListOptions(sortBy: .createdAt, ascending: false, limit: 20))
/// let next   = try await store.experiments(ListOptions(sortBy: .createdAt, ascending: false, limit: 20, offset: 20))
/// ```
///
/// Ties on the sort key are broken by name, so pages never overlap or skip.
public struct ListOptions: Sendable, Hashable, Codable {
    public enum SortKey: String, Sendable, Hashable, Codable, CaseIterable {
        case name
        case createdAt
        case updatedAt
    }

    public var sortBy: SortKey
    public var ascending: Bool
    /// At most this many rows; `nil` for all.
    public var limit: Int?
    /// Rows to skip before the first returned one.
    public var offset: Int

    public init(sortBy: SortKey = .createdAt, ascending: Bool = true, limit: Int? = nil, offset: Int = 0) {
        self.sortBy = sortBy; self.ascending = ascending; self.limit = limit; self.offset = offset
    }

    /// Throws when `limit` is negative or `offset` is negative.
    public func validate() throws(TrackingError) {
        if let limit, limit < 0 { throw .invalidValue(field: "limit", reason: "it is negative (\(limit))") }
        if offset < 0 { throw .invalidValue(field: "offset", reason: "it is negative (\(offset))") }
    }
}
