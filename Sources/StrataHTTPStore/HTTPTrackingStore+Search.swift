import StrataTracking

extension HTTPTrackingStore {
    struct SearchAnswer: Decodable { var names: [String] }
    struct KeysAnswer: Decodable { var parameters: [String]; var metrics: [String] }
    struct LeaderboardRequest: Encodable {
        var target: SearchTarget
        var columns: [String]
        var search: String
    }

    public func search(_ query: String, target: SearchTarget) async throws -> [String] {
        try await get(SearchAnswer.self, "/api/v1/search", query: [("q", query), ("target", target.rawValue)]).names
    }

    /// Sends the spec as text (its columns' and query's spellings); the server parses it back.
    public func leaderboard(_ spec: LeaderboardSpec) async throws -> LeaderboardTable {
        let request = LeaderboardRequest(target: spec.target, columns: spec.columns.map(\.spelling), search: spec.query.spelling)
        return try Self.decode(LeaderboardWireTable.self, try await sendJSON(.POST, "/api/v1/leaderboard", request).get()).table
    }

    public func recordedKeyNames() async throws -> (parameters: [String], metrics: [String]) {
        let answer = try await get(KeysAnswer.self, "/api/v1/keys")
        return (answer.parameters, answer.metrics)
    }
}
