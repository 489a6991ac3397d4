import Foundation
import StrataTracking

/// The store URL used when none is given: a SQLite file under `./.strata/`.
public let defaultTrackingStoreURL = "sqlite:.strata/strata.sqlite"

/// Opens the store a URL names — the one place where a store is chosen:
/// - `sqlite:<path>` (`sqlite:` alone means `./.strata/strata.sqlite`; `sqlite:///abs/path` and
///   `sqlite://rel/path` are accepted too),
/// - `memory:` — a fresh in-memory store (gone when the process ends).
///
/// ```swift
/// let store = try openTrackingStore(url: ProcessInfo.processInfo.environment["STRATA_STORE"] ?? defaultTrackingStoreURL)
/// ```
///
/// Unknown schemes throw `TrackingError.invalidStoreURL`.
public func openTrackingStore(url: String) throws -> any TrackingStore {
    try openSQLiteTrackingStore(url: url)
}

/// Like ``openTrackingStore(url:)`` but returns the concrete SQLite store (for the search hook).
public func openSQLiteTrackingStore(url: String) throws -> SQLiteTrackingStore {
    let trimmed = url.trimmingCharacters(in: .whitespaces)
    if trimmed == "memory:" || trimmed == "memory://" { return try SQLiteTrackingStore(inMemoryWithArtifactDirectory: nil) }
    guard trimmed.hasPrefix("sqlite:") else { throw TrackingError.invalidStoreURL(url) }
    var path = String(trimmed.dropFirst("sqlite:".count))
    if path.hasPrefix("//") { path = String(path.dropFirst(2)) }   // sqlite:///abs → /abs, sqlite://rel → rel
    if path.isEmpty { path = ".strata/strata.sqlite" }
    if path.utf8.contains(0) { throw TrackingError.invalidStoreURL(url) }
    return try SQLiteTrackingStore(path: path)
}
