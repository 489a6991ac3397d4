import ArgumentParser
import Foundation
import StrataHTTPStore
import StrataSQLite
import StrataTracking

/// `--store <url>` on every command that touches the record. Defaults to `$STRATA_STORE`, else a
/// SQLite file under `./.strata/`.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Tracking store URL: sqlite:<path>, memory:, or http(s)://host:port of a `strata serve` server (token from $STRATA_TOKEN) (default: $STRATA_STORE, else sqlite:.strata/strata.sqlite).")
    var store: String?

    var url: String { store ?? ProcessInfo.processInfo.environment["STRATA_STORE"] ?? defaultTrackingStoreURL }

    func open() throws -> any SearchableTrackingStore { try Self.open(url: url) }

    /// The store a server or user administration runs on: a local SQLite file (or memory).
    func openSQLite() throws -> SQLiteTrackingStore { try openSQLiteTrackingStore(url: url) }

    /// The one place the CLI chooses a store by its URL: `http://`/`https://` → the server's
    /// REST API, otherwise SQLite (`sqlite:<path>`, `memory:`).
    static func open(url: String) throws -> any SearchableTrackingStore {
        let scheme = url.trimmingCharacters(in: .whitespaces).lowercased()
        if scheme.hasPrefix("http://") || scheme.hasPrefix("https://") { return try HTTPTrackingStore(url: url) }
        return try openSQLiteTrackingStore(url: url)
    }
}

/// `--json` on every listing: machine-readable output instead of a table.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false
}

/// `--limit/--offset/--sort/--desc` for listings.
struct PagingOptions: ParsableArguments {
    @Option(help: "At most this many rows.") var limit: Int?
    @Option(help: "Skip this many rows first.") var offset: Int = 0
    @Option(help: "Sort key.") var sort: ListOptions.SortKey = .createdAt
    @Flag(help: "Sort in descending order.") var desc = false

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be ≥ 0, got \(limit)") }
        guard offset >= 0 else { throw ValidationError("--offset must be ≥ 0, got \(offset)") }
    }

    func listOptions() -> ListOptions {
        ListOptions(sortBy: sort, ascending: !desc, limit: limit, offset: offset)
    }
}

extension TrackingError: UserFacingLibraryError {
    var userMessage: String {
        // A storage failure is the database's, not the user's; it still gets one clear sentence.
        description
    }
}

extension RemoteStoreError: UserFacingLibraryError {
    var userMessage: String { description }
}

extension Date {
    /// ISO-8601 in UTC, seconds precision: what listings print.
    var listingText: String { ISO8601DateFormatter().string(from: self) }
}
