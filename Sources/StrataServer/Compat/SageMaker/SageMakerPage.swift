import Foundation

/// Paging of List and Search replies: `MaxResults` (1…100, default 10 as SageMaker) and an
/// opaque `NextToken` holding the offset of the next page.
struct SageMakerPage: Sendable {
    var offset: Int
    var size: Int

    static let defaultSize = 10

    init(maxResults: Int?, nextToken: String?) throws {
        try SageMakerValidation.maxResults(maxResults)
        size = maxResults ?? Self.defaultSize
        offset = 0
        if let nextToken, !nextToken.isEmpty {
            guard let data = Data(base64Encoded: nextToken), let text = String(data: data, encoding: .utf8),
                  text.hasPrefix("strata:"), let offset = Int(text.dropFirst(7)), offset >= 0 else {
                throw ServerError(.badRequest, "NextToken is not a token this server issued.", field: "NextToken")
            }
            self.offset = offset
        }
    }

    /// The token of the page after this one, when `total` rows exist beyond `offset`.
    func nextToken(total: Int) -> String? {
        offset + size < total ? Data("strata:\(offset + size)".utf8).base64EncodedString() : nil
    }

    /// This page of `rows`, and the next token.
    func slice<T>(_ rows: [T]) -> (rows: ArraySlice<T>, nextToken: String?) {
        let start = min(offset, rows.count)
        return (rows[start..<min(start + size, rows.count)], nextToken(total: rows.count))
    }
}
