import Foundation
import GRDB
import StrataTracking

/// The experiment record in one SQLite file (GRDB `DatabasePool`, WAL journal), with copied
/// artifacts in `artifacts/` next to it. Several processes may log into the same file at once.
///
/// ```swift
/// let store = try SQLiteTrackingStore(path: ".strata/strata.sqlite")
/// _ = try await store.loadOrCreateExperiment("segments")
/// ```
///
/// - Writes run in `BEGIN IMMEDIATE` transactions, so writers from several processes queue on
///   SQLite's lock (busy timeout 60 s) instead of failing; foreign keys are on.
/// - `synchronous = NORMAL` in WAL mode: a committed flush survives a killed process; only an
///   OS crash or power loss can drop the last commits.
/// - Metric points are inserted with one prepared statement per flush, bound through SQLite's C
///   API: O(n) per flush of n points, ~1M points/s on one core.
/// - The schema (documented in Guides/Tracking.md) is created by
///   named, append-only migrations (``SQLiteTrackingStore/migrator``): a file made by an older
///   version opens in a newer one.
public final class SQLiteTrackingStore: TrackingStore {
    /// The database: a `DatabasePool` for a file, a `DatabaseQueue` in memory.
    public let writer: any DatabaseWriter
    public let artifactDirectory: URL
    /// The SQLite file, or nil in memory.
    public let path: String?

    /// Opens (creating if needed) the store at `path`; the artifact directory is
    /// `<directory of path>/artifacts`.
    public init(path: String, busyTimeout: TimeInterval = 60) throws {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let pool = try DatabasePool(path: url.path, configuration: Self.configuration(busyTimeout: busyTimeout))
            try Self.migrator.migrate(pool)
            writer = pool
        } catch {
            throw TrackingError.storage("cannot open SQLite store at \(url.path): \(Self.describe(error))")
        }
        self.path = url.path
        artifactDirectory = directory.appendingPathComponent("artifacts", isDirectory: true)
    }

    /// An in-memory store (for tests and `memory:`); artifacts go to `artifactDirectory`, by
    /// default a fresh temporary directory.
    public init(inMemoryWithArtifactDirectory artifactDirectory: URL? = nil) throws {
        do {
            let queue = try DatabaseQueue(configuration: Self.configuration(busyTimeout: 5))
            try Self.migrator.migrate(queue)
            writer = queue
        } catch {
            throw TrackingError.storage("cannot create in-memory store: \(Self.describe(error))")
        }
        path = nil
        self.artifactDirectory = artifactDirectory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("strata-memory-\(UUID().uuidString)", isDirectory: true)
            .appendingPathComponent("artifacts", isDirectory: true)
    }

    static func configuration(busyTimeout: TimeInterval) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "strata-tracking"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return configuration
    }

    /// Runs read-only `body` on a snapshot of the database — the hook through which the search
    /// and leaderboard compilers run their parameterised SQL.
    public func withReadDatabase<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await writer.read(body) } catch { throw Self.wrap(error) }
    }

    /// Synchronous form of ``withReadDatabase(_:)`` for callers outside async code.
    public func readDatabase<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try writer.read(body) } catch { throw Self.wrap(error) }
    }

    // MARK: Transactions with errors mapped to TrackingError

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await writer.write(body) } catch { throw Self.wrap(error) }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await writer.read(body) } catch { throw Self.wrap(error) }
    }

    static func wrap(_ error: any Error) -> any Error {
        if error is TrackingError || error is CancellationError { return error }
        return TrackingError.storage(describe(error))
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.description }
        return String(describing: error)
    }
}
