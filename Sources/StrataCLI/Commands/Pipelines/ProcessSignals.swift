import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM call `handler` instead of killing the process, until cancelled: the sweep
/// uses it to stop its workers and record them as stopped. The C handler only writes the signal
/// number to a pipe (async-signal-safe); a thread reads it and calls `handler`. (libdispatch
/// signal sources were not used: on Linux a signal could be lost; see TerminationSignals.)
final class SignalForwarding: Sendable {
    private let handler = Mutex<(@Sendable () -> Void)?>(nil)

    /// `notice` is printed on stderr when a signal arrives, before `handler` runs.
    init(notice: String = "stopping: waiting for running attempts to be marked stopped…", _ handler: @escaping @Sendable () -> Void) {
        self.handler.withLock { $0 = handler }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        signalForwardingPipe.store(ends[1], ordering: .releasing)
        let readEnd = ends[0]
        let thread = Thread { [weak self] in
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { return }
                FileHandle.standardError.write(Data("\(notice)\n".utf8))
                self?.handler.withLock { $0 }?()
            }
        }
        thread.start()
        signal(SIGINT, forwardSignalNumber)
        signal(SIGTERM, forwardSignalNumber)
    }

    func cancel() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        handler.withLock { $0 = nil }
    }
}

private let signalForwardingPipe = Atomic<Int32>(-1)

private func forwardSignalNumber(_ number: Int32) {
    var byte = UInt8(truncatingIfNeeded: number)
    let fd = signalForwardingPipe.load(ordering: .acquiring)
    if fd >= 0 { _ = write(fd, &byte, 1) }
}

/// A worker process must not outlive its sweep: if the parent dies (even by SIGKILL), the
/// worker exits too, so a resumed sweep can safely run its point again.
enum ParentWatch {
    static func exitWhenOrphaned() {
        let parent = getppid()
        let thread = Thread {
            while true {
                Thread.sleep(forTimeInterval: 0.5)
                if getppid() != parent { exit(143) }
            }
        }
        thread.start()
    }
}
