import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT and SIGTERM for command-line tools that record: while a ``Tracker`` opened with
/// ``Tracker/Options/stopsOnTerminationSignal`` is open, either signal flushes every such tracker,
/// marks its component `Stopped` ("interrupted by SIGINT"), and exits with 128 + the signal
/// number (130, 143), as a shell reports a process ended by it.
///
/// ```swift
/// try await Tracker.with(store: store, component: "fit", options: .init(stopsOnTerminationSignal: true)) { tracker in
///     try await tracker.logParameters(["k": 8])
///     return try KMeans(clusterCount: 8).fit(data)   // Ctrl-C here: Stopped, parameters kept, exit 130
/// }
/// ```
///
/// The handlers are installed when the first such tracker opens and removed (default
/// dispositions restored) when the last one closes. The C signal handler only writes the signal
/// number to a pipe (async-signal-safe); a thread of its own reads the pipe and does the flush,
/// so it may take locks and do I/O while the interrupted work is still running on its own
/// threads, and the exit ends it. (libdispatch's signal sources were not used: on Linux a signal
/// delivered to a thread that had not blocked it was sometimes lost.) O(trackers).
public final class TerminationSignals: Sendable {
    public static let shared = TerminationSignals()

    private struct Watched {
        weak var tracker: Tracker?
    }

    private struct State: ~Copyable {
        var watched: [ObjectIdentifier: Watched] = [:]
        var installed = false
        var readerStarted = false
    }

    private let state = Mutex(State())
    private static let numbers: [Int32] = [SIGINT, SIGTERM]

    private init() {}

    func watch(_ tracker: Tracker) {
        state.withLock { state in
            state.watched[ObjectIdentifier(tracker)] = Watched(tracker: tracker)
            if state.installed { return }
            if !state.readerStarted {
                guard startReader() else { return }   // no pipe: the default actions stay
                state.readerStarted = true
            }
            for number in Self.numbers { signal(number, forwardSignalToPipe) }
            state.installed = true
        }
    }

    func unwatch(_ tracker: Tracker) {
        state.withLock { state in
            state.watched[ObjectIdentifier(tracker)] = nil
            guard state.watched.isEmpty, state.installed else { return }
            for number in Self.numbers { signal(number, SIG_DFL) }
            state.installed = false
        }
    }

    /// Opens the pipe and starts the thread that waits on it (kept for the process's life).
    private func startReader() -> Bool {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return false }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        signalPipeWriteEnd.store(ends[1], ordering: .releasing)
        let readEnd = ends[0]
        let reader = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 { TerminationSignals.shared.terminate(Int32(byte)) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { return }
            }
        }
        reader.name = "strata-termination-signals"
        reader.start()
        return true
    }

    private func terminate(_ number: Int32) {
        let trackers = state.withLock { state in state.installed ? state.watched.values.compactMap(\.tracker) : [] }
        let name = number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "signal \(number)"
        for tracker in trackers {
            do {
                try tracker.closeSynchronously(marking: TrialComponentStatus(.stopped, message: "interrupted by \(name)"))
            } catch {
                FileHandle.standardError.write(Data("strata: could not record the interruption of \(tracker.component): \(error)\n".utf8))
            }
        }
        exit(128 + number)
    }
}

/// The pipe's write end, read by the signal handler (an atomic load is async-signal-safe).
private let signalPipeWriteEnd = Atomic<Int32>(-1)

/// The C signal handler: hands the number to the reader thread and nothing else.
private func forwardSignalToPipe(_ number: Int32) {
    let savedErrno = errno
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(signalPipeWriteEnd.load(ordering: .acquiring), &byte, 1)
    errno = savedErrno
}
