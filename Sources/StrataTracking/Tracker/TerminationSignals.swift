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
/// dispositions restored) when the last one closes. The signal is taken on a dispatch queue, not
/// in a C signal handler, so the flush may take locks and do I/O; it runs on that queue while the
/// interrupted work is still running on its own threads, and the exit ends it. O(trackers).
public final class TerminationSignals: Sendable {
    public static let shared = TerminationSignals()

    private struct Watched {
        weak var tracker: Tracker?
    }

    private struct State: ~Copyable {
        var watched: [ObjectIdentifier: Watched] = [:]
        var sources: [any DispatchSourceSignal] = []
    }

    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "strata.termination-signals")
    private static let numbers: [Int32] = [SIGINT, SIGTERM]

    private init() {}

    func watch(_ tracker: Tracker) {
        state.withLock { state in
            state.watched[ObjectIdentifier(tracker)] = Watched(tracker: tracker)
            if state.sources.isEmpty { state.sources = Self.numbers.map(install) }
        }
    }

    func unwatch(_ tracker: Tracker) {
        state.withLock { state in
            state.watched[ObjectIdentifier(tracker)] = nil
            guard state.watched.isEmpty, !state.sources.isEmpty else { return }
            for source in state.sources { source.cancel() }
            state.sources = []
            for number in Self.numbers { signal(number, SIG_DFL) }
        }
    }

    /// The default action would end the process at once: ignore it and take the signal as an event.
    private func install(_ number: Int32) -> any DispatchSourceSignal {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
        source.setEventHandler { TerminationSignals.shared.terminate(number) }
        source.resume()
        return source
    }

    private func terminate(_ number: Int32) -> Never {
        let trackers = state.withLock { state in state.watched.values.compactMap(\.tracker) }
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
