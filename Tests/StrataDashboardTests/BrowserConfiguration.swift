import Foundation

/// What Tests/Browser/dashboard_check.py is told about the live server and its record (written
/// as JSON with snake_case keys): whom to sign in as, which pages to open, and what the store
/// says each check should find.
struct BrowserConfiguration: Encodable {
    struct User: Encodable { var name: String; var token: String }
    struct Sweep: Encodable { var experiment: String; var name: String }
    struct Segments: Encodable { var component: String; var count: Int }
    /// A leaderboard search and how many rows the store matches, per leaderboard target.
    struct Search: Encodable { var query: String; var trials: Int; var components: Int }
    struct BadQuery: Encodable { var query: String; var column: Int }
    struct Bulk: Encodable { var experiment: String; var sortColumn: String; var query: String }

    var baseUrl: String
    var screenshots: String
    /// By role: admin, editor, viewer.
    var users: [String: User]
    /// The experiment granted to the viewer.
    var experiment: String
    /// Experiments the viewer must not see.
    var hiddenExperiments: [String]
    /// Trials of the quickstart sweep, best first.
    var trials: [String]
    var compareTrials: [String]
    var component: String
    var job: String
    var sweep: Sweep
    var segments: Segments
    var searches: [Search]
    var badQuery: BadQuery
    var sortColumn: String
    var bulk: Bulk
    /// The `strata report` file, opened from file://.
    var report: String?
}
