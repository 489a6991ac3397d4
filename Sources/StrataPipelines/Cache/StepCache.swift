import Foundation
import StrataCore

/// Outputs of expensive steps (PCA, UMAP) kept on disk, keyed by the content of everything
/// upstream: the data file's bytes and read options, then each step's parameters in order.
/// Changing DBSCAN's eps therefore reuses the UMAP embedding; changing UMAP's seed does not.
///
/// ```swift
/// let cache = StepCache(directory: URL(fileURLWithPath: ".strata/cache/steps"), byteLimit: 2 << 30)
/// ```
/// Entries are single files written atomically (temporary file, then rename), so concurrent
/// workers never read a torn entry; each ends with a fingerprint of its bytes, and a damaged
/// entry is deleted and recomputed. The directory is bounded by `byteLimit`: after each store
/// the least recently used entries go first (a load refreshes an entry's modification time).
public struct StepCache: Sendable {
    public let directory: URL
    public let byteLimit: Int
    /// Entries this process has read or stored, kept in memory (a sweep worker sets one); nil
    /// reads every entry from disk.
    public var memo: StepMemo?

    /// Default bound: 4 GiB.
    public static let defaultByteLimit = 4 << 30
    static let magic = Array("STRATASTEP1\n".utf8)

    public init(directory: URL, byteLimit: Int = StepCache.defaultByteLimit) {
        self.directory = directory; self.byteLimit = byteLimit
    }

    /// The cache beside a store: `<dir of the SQLite file>/cache/steps`, or under
    /// `$STRATA_CACHE_DIR` when set.
    public static func beside(storeURL: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> StepCache {
        if let dir = environment["STRATA_CACHE_DIR"], !dir.isEmpty {
            return StepCache(directory: URL(fileURLWithPath: dir).appendingPathComponent("steps"))
        }
        var base = URL(fileURLWithPath: ".strata")
        if storeURL.hasPrefix("sqlite:") {
            base = URL(fileURLWithPath: String(storeURL.dropFirst("sqlite:".count))).deletingLastPathComponent()
        }
        return StepCache(directory: base.appendingPathComponent("cache").appendingPathComponent("steps"))
    }

    /// A child key: the parent's key plus this step's kind and canonical parameters.
    static func key<T: Encodable>(parent: String, step: String, _ parameters: T) -> String {
        var hash = Fingerprint()
        hash.update(parent)
        hash.update(step)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        hash.update((try? encoder.encode(parameters)).map { Array($0) } ?? Array(String(describing: parameters).utf8))
        return hash.hex
    }

    struct Entry: Codable {
        var output: Matrix
        var fitted: FittedStep
    }

    func url(_ key: String) -> URL { directory.appendingPathComponent("\(key).step") }

    /// The cached output and fitted step, or nil (a missing or damaged entry).
    public func load(key: String) -> (output: Matrix, fitted: FittedStep)? {
        let file = url(key)
        if let kept = memo?.value(key, as: MemoizedStep.self) {
            try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: file.path)
            return (kept.output, kept.fitted)
        }
        guard let data = try? Data(contentsOf: file) else { return nil }
        do {
            let entry = try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> Entry in
                let payload = try SealedPayload.open(raw, magic: StepCache.magic)
                var offset = 0
                let value = try BinaryValue.read(payload, offset: &offset)
                return try BinaryModelDecoder.decode(Entry.self, from: value)
            }
            try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: file.path)
            memo?.keep(key, MemoizedStep(output: entry.output, fitted: entry.fitted), bytes: data.count)
            return (entry.output, entry.fitted)
        } catch {
            try? FileManager.default.removeItem(at: file)
            return nil
        }
    }

    /// Stores an entry, then trims the directory to ``byteLimit``.
    public func store(key: String, output: Matrix, fitted: FittedStep) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var bytes: [UInt8] = []
        try BinaryModelEncoder.encode(Entry(output: output, fitted: fitted)).write(to: &bytes)
        try SealedPayload.write(bytes, magic: StepCache.magic, to: url(key))
        memo?.keep(key, MemoizedStep(output: output, fitted: fitted), bytes: bytes.count)
        trim()
    }

    /// A step output as kept in the ``memo``.
    struct MemoizedStep: Sendable {
        var output: Matrix
        var fitted: FittedStep
    }

    /// What a cache entry holds, from its first bytes.
    public enum EntryKind: String, Sendable {
        case stepOutput = "step output"
        case kDistanceCurve = "k-distance curve"
        case silhouetteSample = "silhouette sample"
        case unknown
    }

    /// Every entry with its size and last use, most recent first.
    public func entries() -> [(key: String, bytes: Int, lastUsed: Date)] {
        let keys: [URLResourceKey] = [.fileSizeKey, .contentModificationDateKey]
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: keys)) ?? []
        return files.filter { $0.pathExtension == "step" }.compactMap { file in
            guard let values = try? file.resourceValues(forKeys: Set(keys)) else { return nil }
            return (file.deletingPathExtension().lastPathComponent, values.fileSize ?? 0, values.contentModificationDate ?? .distantPast)
        }.sorted { $0.lastUsed > $1.lastUsed }
    }

    /// The kind of entry `key`, read from its magic line.
    public func kind(of key: String) -> EntryKind {
        guard let handle = try? FileHandle(forReadingFrom: url(key)) else { return .unknown }
        defer { try? handle.close() }
        let head = Array((try? handle.read(upToCount: 16)) ?? Data())
        for (magic, kind) in [(StepCache.magic, EntryKind.stepOutput), (StepCache.curveMagic, .kDistanceCurve),
                              (StepCache.silhouetteMagic, .silhouetteSample)] where head.starts(with: magic) {
            return kind
        }
        return .unknown
    }

    /// Removes every entry, and lock files no process holds; returns the bytes freed.
    @discardableResult
    public func clear() -> Int {
        var freed = 0
        for entry in entries() where (try? FileManager.default.removeItem(at: url(entry.key))) != nil {
            freed += entry.bytes
            try? FileManager.default.removeItem(at: holderURL(entry.key))
        }
        // A lock file stays behind when its computation failed or was killed.
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        for file in files where file.pathExtension == "lock" {
            let fd = open(file.path, O_RDWR | O_CLOEXEC)
            guard fd >= 0 else { continue }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { unlink(file.path) }
            close(fd)
        }
        return freed
    }

    func trim() {
        var total = 0
        for entry in entries() {
            total += entry.bytes
            if total > byteLimit {
                try? FileManager.default.removeItem(at: url(entry.key))
                try? FileManager.default.removeItem(at: holderURL(entry.key))
            }
        }
    }
}
