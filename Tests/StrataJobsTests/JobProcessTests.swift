import Foundation
import StrataJobs
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The child process: exit statuses, its output pipes, and stopping its whole process group.
@Suite struct JobProcessTests {
    let environment = ProcessInfo.processInfo.environment

    /// Reads a pipe to its end on a thread (the child must never block on a full pipe).
    func collect(_ descriptor: Int32) -> @Sendable () -> String {
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        let result = ResultBox()
        let thread = Thread { result.set(String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)) }
        thread.start()
        return { result.wait() }
    }

    @Test func reportsExitCodeOutputAndWorkingDirectory() async throws {
        let scripts = try JobScripts()
        let command = try scripts.script("run.sh", "pwd; echo oops >&2; read line; echo \"stdin:$line\"; exit 3\n")
        let child = try JobProcess.spawn(command: command, environment: environment, workingDirectory: scripts.directory)
        let output = collect(child.standardOutput), errors = collect(child.standardError)
        #expect(await child.exit() == .exited(3))
        let lines = output().split(separator: "\n").map(String.init)
        #expect(lines.first.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
                == scripts.directory.resolvingSymlinksInPath().path)
        #expect(lines.last == "stdin:", "the child's input is /dev/null")
        #expect(errors() == "oops\n")
    }

    @Test func stopEndsTheWholeGroupAndKillsAfterTheGracePeriod() async throws {
        let scripts = try JobScripts()
        // The script ignores SIGTERM; its background helper does not.
        let command = try scripts.script("stubborn.sh", """
        trap 'echo term >> '\(scripts.url("log").path)'' TERM
        sleep 30 & echo $! > '\(scripts.url("helper").path)'
        touch '\(scripts.url("ready").path)'
        while true; do sleep 0.05; done
        """)
        let child = try JobProcess.spawn(command: command, environment: environment, workingDirectory: scripts.directory)
        _ = collect(child.standardOutput); _ = collect(child.standardError)
        #expect(await JobScripts.waitUntil { FileManager.default.fileExists(atPath: scripts.url("ready").path) })
        let helper = try #require(Int32(scripts.text("helper").trimmingCharacters(in: .whitespacesAndNewlines)))
        child.stop(gracePeriod: .milliseconds(300))
        child.stop(gracePeriod: .milliseconds(300))   // a second request changes nothing
        #expect(await child.exit() == .signaled(SIGKILL))
        #expect(scripts.text("log").contains("term"), "SIGTERM came first")
        #expect(await JobScripts.waitUntil { !JobScripts.isAlive(helper) }, "the helper in the group was stopped too")
    }

    @Test func aCooperativeChildEndsOnSigterm() async throws {
        let scripts = try JobScripts()
        let command = try scripts.script("sleepy.sh", "exec sleep 30\n")
        let child = try JobProcess.spawn(command: command, environment: environment, workingDirectory: scripts.directory)
        _ = collect(child.standardOutput); _ = collect(child.standardError)
        child.stop(gracePeriod: .seconds(20))
        #expect(await child.exit() == .signaled(SIGTERM))
        #expect(child.finished?.shellStatus == 143)
    }

    @Test func anUnknownCommandOrDirectoryIsAClearError() throws {
        let scripts = try JobScripts()
        #expect(throws: JobError.cannotStart(command: "strata-no-such-tool",
                                             reason: "no such command (not found on PATH, or the file does not exist)")) {
            _ = try JobProcess.spawn(command: ["strata-no-such-tool"], environment: environment, workingDirectory: scripts.directory)
        }
        let missing = scripts.url("missing")
        #expect(throws: JobError.cannotStart(command: "/bin/sh", reason: "the working directory \(missing.path) does not exist")) {
            _ = try JobProcess.spawn(command: ["/bin/sh"], environment: environment, workingDirectory: missing)
        }
        #expect(throws: JobError.emptyCommand) {
            _ = try JobProcess.spawn(command: [], environment: environment, workingDirectory: scripts.directory)
        }
    }
}

/// A value handed from a thread to the test, waited for with a semaphore.
final class ResultBox: @unchecked Sendable {
    private var value = ""
    private let ready = DispatchSemaphore(value: 0)
    func set(_ value: String) { self.value = value; ready.signal() }
    func wait() -> String { ready.wait(); ready.signal(); return value }
}
