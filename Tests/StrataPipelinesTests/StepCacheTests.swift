import Foundation
import StrataCore
import StrataNeighbors
import StrataPipelines
import Testing

/// The step cache's sharing rules: one computation of a missing entry however many callers ask
/// at once (threads here, worker processes in `SweepCLITests`), no stale lock after a killed
/// holder, and k-distance curves kept per matrix and k.
@Suite struct StepCacheTests {
    /// Counts computations and collects cache hits across threads.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        private var seen: [Bool] = []
        func increment() { lock.withLock { value += 1 } }
        var count: Int { lock.withLock { value } }
        func note(hit: Bool) { lock.withLock { seen.append(hit) } }
        var hits: [Bool] { lock.withLock { seen } }
    }

    static func entry() throws -> (output: Matrix, fitted: FittedStep) {
        (try Matrix(rows: 3, columns: 2, values: [1, 2, 3, 4, 5, 6]), .selectColumns(["a", "b"]))
    }

    func temporaryCache() -> StepCache {
        StepCache(directory: FileManager.default.temporaryDirectory.appendingPathComponent("strata-cache-\(UUID().uuidString)"))
    }

    @Test func callersOfOneMissingEntryComputeItOnce() throws {
        let cache = temporaryCache()
        defer { cache.clear() }
        let computations = Counter()
        let started = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        @Sendable func ask(signalling: Bool) {
            let result = try? cache.loadOrCompute(key: "k1") {
                computations.increment()
                if signalling { started.signal() }
                // Long enough that the second caller arrives while this one computes.
                Thread.sleep(forTimeInterval: 0.5)
                return try Self.entry()
            }
            computations.note(hit: result?.hit ?? false)
            #expect(result?.output == (try? Self.entry().output))
        }
        DispatchQueue.global().async(group: group) { ask(signalling: true) }
        started.wait()
        DispatchQueue.global().async(group: group) { ask(signalling: false) }
        group.wait()
        #expect(computations.count == 1)
        #expect(computations.hits.sorted { !$0 && $1 } == [false, true])
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/flock")))
    func aKilledHolderLeavesNoStaleLock() throws {
        let cache = temporaryCache()
        defer { cache.clear() }
        try FileManager.default.createDirectory(at: cache.directory, withIntermediateDirectories: true)
        let lockFile = cache.directory.appendingPathComponent("k2.lock").path
        // Another process takes the entry's lock and is killed while holding it. It locks and
        // then execs `sleep` as the same process, so the process killed is the lock's holder.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        holder.arguments = ["-c", "exec 9>>\"$0\" && /usr/bin/flock 9 && exec sleep 120", lockFile]
        try holder.run()
        defer { if holder.isRunning { holder.terminate() } }
        var held = false
        for _ in 0..<200 where !held {
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
            probe.arguments = ["-n", lockFile, "true"]
            try probe.run()
            probe.waitUntilExit()
            held = probe.terminationStatus != 0
            if !held { Thread.sleep(forTimeInterval: 0.05) }
        }
        try #require(held, "the holder process never took the lock")
        let computations = Counter()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let hit = try? cache.loadOrCompute(key: "k2") {
                computations.increment()
                return try Self.entry()
            }.hit
            computations.note(hit: hit ?? true)
            done.signal()
        }
        // While the holder lives, the caller waits for it.
        #expect(done.wait(timeout: .now() + 0.5) == .timedOut)
        #expect(computations.count == 0)
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        #expect(done.wait(timeout: .now() + 60) == .success, "the caller still waits for a killed holder's lock")
        #expect(computations.count == 1)
        #expect(computations.hits == [false])
        #expect(cache.load(key: "k2")?.output == (try Self.entry().output))
    }

    @Test func kDistanceCurvesAreSearchedOncePerMatrixAndK() throws {
        let cache = temporaryCache()
        defer { cache.clear() }
        var generator = SeededGenerator(seed: 4)
        let values = (0..<600).map { _ in Float(generator.nextInt(below: 10_000)) / 1_000 }
        let matrix = try Matrix(rows: 300, columns: 2, values: values)
        let first = try cache.kDistanceCurve(k: 5, of: matrix)
        #expect(first == (try KDistance(k: 5).curve(matrix)))
        #expect(cache.entries().count == 1)
        #expect(try cache.kDistanceCurve(k: 5, of: matrix) == first)
        #expect(cache.entries().count == 1)
        // Another k, or other values, is another curve.
        #expect(try cache.kDistanceCurve(k: 8, of: matrix) == (try KDistance(k: 8).curve(matrix)))
        var moved = matrix
        moved[0, 0] += 50
        #expect(try cache.kDistanceCurve(k: 5, of: moved) == (try KDistance(k: 5).curve(moved)))
        #expect(cache.entries().count == 3)
        #expect(cache.entries().allSatisfy { cache.kind(of: $0.key) == .kDistanceCurve })
        // A damaged entry is recomputed, not trusted.
        for entry in cache.entries() {
            let file = cache.directory.appendingPathComponent("\(entry.key).step")
            var bytes = try Data(contentsOf: file)
            bytes[bytes.count / 2] ^= 0xFF
            try bytes.write(to: file)
        }
        #expect(try cache.kDistanceCurve(k: 5, of: matrix) == first)
    }

    /// `clear()` removes the entries and the lock files nobody holds (left by a computation that
    /// failed or was killed), not one a process holds now; `kind(of:)` names what each entry is.
    @Test func clearRemovesEntriesAndStaleLocksButNotHeldOnes() throws {
        let cache = temporaryCache()
        let (output, fitted) = try Self.entry()
        try cache.store(key: "k", output: output, fitted: fitted)
        #expect(cache.kind(of: "k") == .stepOutput)
        let stale = cache.directory.appendingPathComponent("stale.lock"), held = cache.directory.appendingPathComponent("held.lock")
        for file in [stale, held] { try Data().write(to: file) }
        let fd = open(held.path, O_RDWR)
        defer { close(fd); try? FileManager.default.removeItem(at: cache.directory) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        #expect(cache.clear() > 0)
        #expect(cache.entries().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(FileManager.default.fileExists(atPath: held.path))
    }

    /// With a memo (as a sweep worker has), an entry read or stored once is served from memory:
    /// it survives the file's removal; a memo too small for it keeps nothing.
    @Test func aMemoServesEntriesFromMemoryWithinItsBound() throws {
        var cache = temporaryCache()
        defer { cache.clear() }
        let (output, fitted) = try Self.entry()
        cache.memo = StepMemo()
        try cache.store(key: "k", output: output, fitted: fitted)
        try FileManager.default.removeItem(at: cache.directory.appendingPathComponent("k.step"))
        #expect(cache.load(key: "k")?.output == output)
        cache.memo = StepMemo(byteLimit: 8)
        try cache.store(key: "k2", output: output, fitted: fitted)
        try FileManager.default.removeItem(at: cache.directory.appendingPathComponent("k2.step"))
        #expect(cache.load(key: "k2") == nil)
    }
}
