import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM call `handler` (once each time) instead of killing the process, until
/// cancelled: the sweep uses it to stop its workers and record them as stopped.
final class SignalForwarding: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []

    init(_ handler: @escaping @Sendable () -> Void) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                FileHandle.standardError.write(Data("stopping: waiting for running attempts to be marked stopped…\n".utf8))
                handler()
            }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
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
