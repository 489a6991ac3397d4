import Foundation
import StrataTracking
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The job's log: the child's standard output and error, interleaved as they arrive, appended to
/// one file (`job.log`) as the job runs and optionally copied ("tee'd") to this process's own
/// standard output and error.
///
/// ```swift
/// let log = try JobLog(file: artifacts.appendingPathComponent("job.log"), tee: true)
/// log.capture(child.standardOutput, teeTo: STDOUT_FILENO)
/// log.capture(child.standardError, teeTo: STDERR_FILENO)
/// let (size, sha256) = await log.finish(within: .seconds(2))
/// ```
///
/// One thread per stream reads 64 KiB at a time and writes each chunk at once (a reader of the
/// file sees the job's output within a chunk); the SHA-256 is computed on the way. O(output)
/// time, O(1) memory.
public final class JobLog: Sendable {
    private struct State {
        var handle: FileHandle?
        var hasher = SHA256Hasher()
        var size: Int64 = 0
    }

    public let file: URL
    private let tee: Bool
    private let state: Mutex<State>
    /// Set when the child has ended: readers stop at end of file or at this instant, whichever
    /// comes first (a helper the child left running may hold the pipe open).
    private let deadline = Mutex<ContinuousClock.Instant?>(nil)
    private let done = DispatchGroup()

    /// Creates (or truncates) `file`, and its directory if needed.
    public init(file: URL, tee: Bool) throws(JobError) {
        self.file = file
        self.tee = tee
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                throw JobError.resource("cannot create the job log \(file.path)")
            }
            state = Mutex(State(handle: try FileHandle(forWritingTo: file)))
        } catch let error as JobError {
            throw error
        } catch {
            throw .resource("cannot create the job log \(file.path): \(error.localizedDescription)")
        }
    }

    /// Reads `descriptor` until end of file on a thread of its own, appending to the log and, when
    /// tee'ing, writing to `teeTo`; closes `descriptor` at the end.
    public func capture(_ descriptor: Int32, teeTo: Int32) {
        done.enter()
        let thread = Thread { [self] in
            pump(descriptor, teeTo: tee ? teeTo : -1)
            close(descriptor)
            done.leave()
        }
        thread.name = "strata-job-log"
        thread.start()
    }

    /// Waits for every stream to reach its end, at most `limit` longer; then closes the file and
    /// returns its size and SHA-256. The wait happens on a dispatch thread, never a Swift
    /// concurrency one.
    public func finish(within limit: Duration) async -> (size: Int64, sha256: String) {
        deadline.withLock { $0 = .now + limit }
        await withCheckedContinuation { continuation in
            done.notify(queue: .global()) { continuation.resume() }
        }
        return state.withLock { state in
            try? state.handle?.synchronize()
            try? state.handle?.close()
            state.handle = nil
            var hasher = state.hasher
            return (state.size, hasher.finalize())
        }
    }

    private func pump(_ descriptor: Int32, teeTo: Int32) {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            // Poll in short slices so a reader whose pipe stays open past the deadline can end.
            let ready = poll(&poller, 1, 100)
            if ready < 0 && errno != EINTR { return }
            if ready <= 0 {
                if let limit = deadline.withLock({ $0 }), ContinuousClock.now >= limit { return }
                continue
            }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            let chunk = buffer[0..<count]
            if teeTo >= 0 { writeAll(chunk, to: teeTo) }
            state.withLock { state in
                guard let handle = state.handle else { return }
                chunk.withUnsafeBytes { state.hasher.update($0) }
                state.size += Int64(count)
                try? handle.write(contentsOf: Data(chunk))
            }
        }
    }

    /// Best effort: a closed terminal must not stop the job or its log.
    private func writeAll(_ bytes: ArraySlice<UInt8>, to descriptor: Int32) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
