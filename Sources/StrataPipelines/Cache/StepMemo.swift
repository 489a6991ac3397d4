import Foundation

/// Step-cache entries a long-lived process has already read or computed, kept in memory.
///
/// A sweep worker runs many attempts over the same data: without this, every attempt would
/// read the table, the embedding and the 200 MB silhouette sample back from disk and verify
/// their fingerprints. Values are keyed like the step cache (by content), so a kept value is
/// never stale; the least recently used go first above `byteLimit`.
///
/// ```swift
/// var cache = StepCache.beside(storeURL: url)
/// cache.memo = StepMemo()
/// ```
public final class StepMemo: @unchecked Sendable {
    public let byteLimit: Int
    private let lock = NSLock()
    private var entries: [String: (value: any Sendable, bytes: Int, lastUse: UInt64)] = [:]
    private var clock: UInt64 = 0
    private var total = 0

    /// Default bound: 1 GiB (the silhouette sample alone is 200 MB).
    public init(byteLimit: Int = 1 << 30) {
        self.byteLimit = byteLimit
    }

    /// The value kept under `key`, if it has type `T`.
    func value<T: Sendable>(_ key: String, as type: T.Type = T.self) -> T? {
        lock.withLock {
            guard let entry = entries[key], let value = entry.value as? T else { return nil }
            clock += 1
            entries[key]?.lastUse = clock
            return value
        }
    }

    /// Keeps `value` (about `bytes` in memory) under `key`; evicts the least recently used
    /// values while the total is above the bound (a single larger value is not kept).
    func keep(_ key: String, _ value: any Sendable, bytes: Int) {
        guard bytes <= byteLimit else { return }
        lock.withLock {
            clock += 1
            if let old = entries[key] { total -= old.bytes }
            entries[key] = (value, bytes, clock)
            total += bytes
            while total > byteLimit, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                total -= oldest.value.bytes
                entries[oldest.key] = nil
            }
        }
    }

    /// Keys kept now (tests).
    var keys: Set<String> { lock.withLock { Set(entries.keys) } }
}
