import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads CSV files through a binary column cache, so repeated reads of an unchanged file skip
/// parsing (a sweep loads the same file hundreds of times).
///
/// An entry is keyed by the file's absolute path, size, modification time and ``ContentHash``,
/// and by every read option that changes the result (columns, id column, missing-value policy,
/// delimiter, header mode). Any difference is a miss: the file is parsed and the entry rewritten.
/// Entries are written to a temporary file and renamed into place, so concurrent readers and
/// writers never see a torn entry; a truncated, corrupt or foreign entry (every length is checked,
/// and a checksum covers the whole entry) is ignored and rewritten, never trusted.
///
/// ```swift
/// let cache = CSVTableCache()                                  // $STRATA_CACHE_DIR or ./.strata/cache/csv
/// let load = try cache.load(url: csv, options: CSVReader(idColumn: "customer_id"))
/// load.table.matrix        // the same values a fresh CSVReader read gives
/// load.fromCache           // true when parsing was skipped
/// ```
///
/// Directory: `$STRATA_CACHE_DIR` when set, else `.strata/cache/csv/` under the working
/// directory. One entry per (file, options); delete the directory to clear it.
///
/// Complexity: a hit reads the CSV once for its hash (several GB/s) and the entry (4 bytes per
/// cell plus the ids); a miss parses the file and writes the entry.
public struct CSVTableCache: Sendable {
    /// Where entries are stored.
    public var directory: URL

    public init(directory: URL = CSVTableCache.defaultDirectory()) {
        self.directory = directory
    }

    /// `$STRATA_CACHE_DIR` when set and not empty, else `.strata/cache/csv` under `workingDirectory`.
    public static func defaultDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) -> URL {
        if let dir = environment["STRATA_CACHE_DIR"], !dir.isEmpty { return URL(fileURLWithPath: dir, isDirectory: true) }
        return URL(fileURLWithPath: workingDirectory, isDirectory: true)
            .appendingPathComponent(".strata/cache/csv", isDirectory: true)
    }

    /// A read, and whether it came from the cache.
    public struct Load: Sendable {
        /// The table, missing counts and imputed values, as ``CSVReader/readWithSummary(_:)`` gives.
        public var result: CSVReader.Result
        /// True when the entry was valid and the CSV was not parsed.
        public var fromCache: Bool
        /// The table.
        public var table: FeatureTable { result.table }
    }

    /// Reads `url` with `options`, from the cache when a valid entry matches.
    public func load(url: URL, options: CSVReader = CSVReader()) throws(DataError) -> Load {
        let path = url.standardizedFileURL.path
        let before = try Self.stamp(path)
        let key = Key(path: path, size: before.size, modified: before.modified,
                      contentHash: try ContentHash.ofFile(atPath: path), options: options)
        let entry = entryURL(for: key)
        if let cached = Self.readEntry(entry.path, expecting: key) {
            return Load(result: cached, fromCache: true)
        }
        let result = try options.readWithSummary(url)
        // Store only what still describes the file (it may have changed while it was parsed).
        if let after = try? Self.stamp(path), after == before {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            Self.writeEntry(result, key: key, to: entry.path)
        }
        return Load(result: result, fromCache: false)
    }

    /// The entry file for a key: named by the path and options, so a changed file replaces its entry.
    func entryURL(for key: Key) -> URL {
        var identity = key
        identity.size = 0
        identity.modified = 0
        identity.contentHash = 0
        let bytes = Array(((try? Self.encoder.encode(identity)) ?? Data()))
        let name = bytes.withUnsafeBytes { String(ContentHash.of($0), radix: 16) }
        return directory.appendingPathComponent("\(name).table")
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    /// Size and modification time (nanoseconds) of a file.
    static func stamp(_ path: String) throws(DataError) -> Stamp {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .io(file: path, reason: "cannot read its attributes (\(String(cString: strerror(errno))))")
        }
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        return Stamp(size: Int(info.st_size), modified: Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec))
    }

    struct Stamp: Equatable {
        var size: Int
        var modified: Int64
    }

    /// What an entry must match: the file's identity and content, and the read options.
    struct Key: Codable, Equatable {
        static let format = 1
        var format = Key.format
        var path: String
        var size: Int
        var modified: Int64
        var contentHash: UInt64
        var columns: [String]?
        var idColumn: IDColumn
        var missingValues: MissingValuePolicy
        var delimiter: String
        var header: CSVHeader

        init(path: String, size: Int, modified: Int64, contentHash: UInt64, options: CSVReader) {
            self.path = path
            self.size = size
            self.modified = modified
            self.contentHash = contentHash
            columns = options.columns
            idColumn = options.idColumn
            missingValues = options.missingValues
            delimiter = String(options.delimiter)
            header = options.header
        }
    }
}
