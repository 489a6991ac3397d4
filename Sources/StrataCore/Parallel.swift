import Dispatch
import Foundation

/// Splits loops over the machine's cores.
///
/// Work is cut into a fixed number of chunks that depends only on the problem size, never on the
/// core count or scheduling, so a reduction over per-chunk partial results is deterministic: the
/// same input gives the same bits on 1 thread or 64.
///
/// ```swift
/// // STRATA_THREADS=1 strata cluster kmeans …   — the whole process on one thread
/// let serial = Parallel.withThreadCount(1) { try? KMeans(clusterCount: 3).fit(data) }
/// ```
public enum Parallel {
    /// Cores available to this process.
    public static let coreCount: Int = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Threads a parallel loop uses unless ``withThreadCount(_:_:)`` says otherwise: the
    /// `STRATA_THREADS` environment variable (a positive integer) or, when unset, ``coreCount``.
    public static let defaultThreadCount: Int = threadCount(fromEnvironment: ProcessInfo.processInfo.environment["STRATA_THREADS"])

    /// The `STRATA_THREADS` rule: a positive integer is taken as is; anything else means all cores.
    static func threadCount(fromEnvironment value: String?) -> Int {
        guard let value, let n = Int(value.trimmingCharacters(in: .whitespaces)), n > 0 else { return coreCount }
        return n
    }

    @TaskLocal static var threadLimit: Int?

    /// Threads the parallel loops started from here use.
    public static var threadCount: Int { threadLimit ?? defaultThreadCount }

    /// Runs `body` with parallel loops limited to `threads` threads (1 = everything inline on the
    /// calling thread, in chunk order). Results do not depend on it; the setting exists to prove that.
    public static func withThreadCount<R>(_ threads: Int, _ body: () throws -> R) rethrows -> R {
        try $threadLimit.withValue(Swift.max(1, threads), operation: body)
    }

    /// `DispatchQueue.concurrentPerform` under the thread setting: one thread runs the iterations
    /// in order on the caller; t threads each take every t-th iteration.
    public static func perform(iterations: Int, _ body: @Sendable (Int) -> Void) {
        let threads = Swift.min(threadCount, iterations)
        if threads <= 1 {
            for i in 0..<iterations { body(i) }
        } else if threads >= iterations || threads >= coreCount {
            DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
        } else {
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                for i in stride(from: t, to: iterations, by: threads) { body(i) }
            }
        }
    }

    /// Calls `body` for contiguous, non-overlapping chunks that cover `0..<count`, concurrently.
    ///
    /// - Parameters:
    ///   - count: the number of items.
    ///   - minimumChunk: smallest chunk worth a thread hop; small loops run inline.
    ///   - body: receives the chunk index and its range; it must only write to memory it owns.
    public static func forEachChunk(count: Int, minimumChunk: Int = 1024,
                                    _ body: @Sendable (_ chunk: Int, _ range: Range<Int>) -> Void) {
        let chunks = chunkCount(count: count, minimumChunk: minimumChunk)
        if chunks <= 1 {
            if count > 0 { body(0, 0..<count) }
            return
        }
        perform(iterations: chunks) { c in
            body(c, chunkRange(c, of: chunks, count: count))
        }
    }

    /// The number of chunks ``forEachChunk(count:minimumChunk:_:)`` uses for this size.
    public static func chunkCount(count: Int, minimumChunk: Int = 1024) -> Int {
        guard count > 0 else { return 0 }
        // A fixed upper bound (not the core count) keeps reductions identical on every machine.
        return Swift.min(64, Swift.max(1, count / Swift.max(1, minimumChunk)))
    }

    /// The range of chunk `c` out of `chunks` over `0..<count`.
    @inlinable
    public static func chunkRange(_ c: Int, of chunks: Int, count: Int) -> Range<Int> {
        let lo = count * c / chunks
        let hi = count * (c + 1) / chunks
        return lo..<hi
    }

    /// Maps each chunk to a partial result and returns the partial results in chunk order.
    public static func mapChunks<T: Sendable>(count: Int, minimumChunk: Int = 1024,
                                              _ body: @Sendable (_ range: Range<Int>) -> T) -> [T] {
        let chunks = chunkCount(count: count, minimumChunk: minimumChunk)
        let slots = ResultSlots<T>(count: chunks)
        forEachChunk(count: count, minimumChunk: minimumChunk) { c, range in
            slots[c] = body(range)
        }
        return slots.values()
    }
}

/// A raw mutable pointer that may cross into concurrent chunks, each writing a disjoint part.
public struct SendablePointer<T>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<T>
    public init(_ base: UnsafeMutablePointer<T>) { self.base = base }
    @inlinable public subscript(i: Int) -> T {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}
